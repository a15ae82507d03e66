package io.nextbest.caps;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.nextbest.facts.Contact;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
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
    /** Meters looked up once per tag combination: building and registering one per call costs more than the call's bookkeeping should. */
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Map<ReservationKey, Counter> reservations = new ConcurrentHashMap<>();

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
    public Reservations reserveAll(String customerId, List<Request> requests, String newStamp) {
        Reservations answer = null;
        try {
            answer = timed("reserve", () -> store.reserveAll(customerId, requests, newStamp));
            return answer;
        } finally {
            for (int i = 0; i < requests.size(); i++) {
                String result = answer == null ? "failed" : answer.full().get(i).isPresent() ? "refused" : "reserved";
                counted(result, requests.get(i).contact());
            }
        }
    }

    private void counted(String result, Contact contact) {
        reservations.computeIfAbsent(new ReservationKey(result, String.valueOf(contact.channel())),
                        key -> Counter.builder("nextbest.caps.reservations")
                                .description("Contact reservations: reserved, refused by a full cap, or failed (store unavailable)")
                                .tags("result", key.result(), "channel", key.channel()).register(registry))
                .increment();
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

    @Override
    public void ping() {
        timed("ping", () -> {
            store.ping();
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
        } catch (UnindexedContactsException unknown) {
            // The store answered; this customer's contacts could not be rebuilt (see nextbest.contacts.rebuilt).
            result = "unindexed";
            status.worked();
            throw unknown;
        } catch (RuntimeException failed) {
            result = "failed";
            status.failed(failed);
            throw failed;
        } finally {
            timer(operation, result).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    private Timer timer(String operation, String result) {
        return timers.computeIfAbsent(operation + '\n' + result, key -> Timer.builder("nextbest.caps.store.duration")
                .description("Calls to the contact store (Redis, or in process) that counts contacts for caps")
                .tags("store", kind, "operation", operation, "result", result)
                .register(registry));
    }

    private record ReservationKey(String result, String channel) {
    }
}
