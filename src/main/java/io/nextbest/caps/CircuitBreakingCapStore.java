package io.nextbest.caps;

import io.nextbest.facts.CapDeclaration.CapCheck;
import io.nextbest.facts.Contact;
import io.smallrye.faulttolerance.api.Guard;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Stops waiting for a contact store that keeps failing: once most of the latest calls failed, every call
 * fails at once (a decision then answers without waiting for Redis's timeout, holding back what it cannot
 * count) until the breaker's delay has passed and one call gets through to try again. The periodic ping
 * of {@link ContactStoreMonitor} is such a call, so caps come back without traffic.
 */
final class CircuitBreakingCapStore implements CapStore {
    private final CapStore store;
    private final Guard guard;

    CircuitBreakingCapStore(CapStore store, CapsConfig.Breaker config) {
        this.store = store;
        this.guard = Guard.create()
                .withCircuitBreaker()
                .name("contact-store")
                .requestVolumeThreshold(config.window())
                .failureRatio(config.failureRatio())
                .delay(config.delay().toMillis(), ChronoUnit.MILLIS)
                // Redis answered: only this customer's records could not be read.
                .skipOn(UnindexedContactsException.class)
                .done()
                .build();
    }

    @Override
    public List<Contact> history(String customerId, Instant from, Instant to) {
        return guarded(() -> store.history(customerId, from, to));
    }

    @Override
    public ContactSnapshot snapshot(String customerId, Instant from, Instant to) {
        return guarded(() -> store.snapshot(customerId, from, to));
    }

    @Override
    public String restamp(String customerId, String newStamp) {
        return guarded(() -> store.restamp(customerId, newStamp));
    }

    @Override
    public Reservations reserveAll(String customerId, List<Request> requests, String newStamp) {
        return guarded(() -> store.reserveAll(customerId, requests, newStamp));
    }

    @Override
    public void release(String customerId, Contact contact) {
        guarded(() -> {
            store.release(customerId, contact);
            return null;
        });
    }

    @Override
    public void forget(String customerId) {
        guarded(() -> {
            store.forget(customerId);
            return null;
        });
    }

    @Override
    public void ping() {
        guarded(() -> {
            store.ping();
            return null;
        });
    }

    @SuppressWarnings("unchecked")
    private <T> T guarded(Supplier<T> call) {
        return (T) guard.get((Supplier<Object>) call, Object.class);
    }
}
