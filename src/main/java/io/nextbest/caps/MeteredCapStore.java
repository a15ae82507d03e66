package io.nextbest.caps;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.nextbest.facts.CapDeclaration.CapCheck;
import io.nextbest.facts.Contact;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Times every call to the contact store ({@code nextbest.caps.store.duration}, by operation and result)
 * and reports whether it worked to {@link ContactStoreStatus}, so health and metrics can say the store is
 * down without calling it.
 */
final class MeteredCapStore implements CapStore {
    private final CapStore store;
    private final MeterRegistry registry;
    private final String kind;
    private final ContactStoreStatus status;

    MeteredCapStore(CapStore store, MeterRegistry registry, String kind, ContactStoreStatus status) {
        this.store = store;
        this.registry = registry;
        this.kind = kind;
        this.status = status;
    }

    @Override
    public List<Contact> history(String customerId, Instant from, Instant to) {
        return timed("history", () -> store.history(customerId, from, to));
    }

    @Override
    public ContactSnapshot snapshot(String customerId, Instant from, Instant to) {
        return timed("snapshot", () -> store.snapshot(customerId, from, to));
    }

    @Override
    public String restamp(String customerId, String newStamp) {
        return timed("restamp", () -> store.restamp(customerId, newStamp));
    }

    @Override
    public Map<String, String> restampAll(Map<String, String> newStamps) {
        return timed("restamp", () -> store.restampAll(newStamps));
    }

    @Override
    public Optional<CapCheck> reserve(String customerId, Contact contact, List<CapCheck> checks) {
        String result = "failed";
        try {
            Optional<CapCheck> full = timed("reserve", () -> store.reserve(customerId, contact, checks));
            result = full.isPresent() ? "refused" : "reserved";
            return full;
        } finally {
            Counter.builder("nextbest.caps.reservations")
                    .description("Contact reservations: reserved, refused by a full cap, or failed (store unavailable)")
                    .tags("result", result, "channel", String.valueOf(contact.channel())).register(registry).increment();
        }
    }

    @Override
    public void release(String customerId, Contact contact) {
        timed("release", () -> {
            store.release(customerId, contact);
            return null;
        });
    }

    @Override
    public void forget(String customerId) {
        timed("forget", () -> {
            store.forget(customerId);
            return null;
        });
    }

    private <T> T timed(String operation, Supplier<T> call) {
        long started = System.nanoTime();
        String result = "ok";
        try {
            T answer = call.get();
            status.worked();
            return answer;
        } catch (RuntimeException failed) {
            result = "failed";
            status.failed(failed);
            throw failed;
        } finally {
            Timer.builder("nextbest.caps.store.duration")
                    .description("Calls to the contact store (Redis, or in process) that counts contacts for caps")
                    .tags("store", kind, "operation", operation, "result", result)
                    .register(registry)
                    .record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }
}
