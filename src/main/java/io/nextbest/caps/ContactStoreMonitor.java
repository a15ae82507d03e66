package io.nextbest.caps;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;

/** Pings the contact store now and then, so its status is current even when no decision is made. */
@ApplicationScoped
public class ContactStoreMonitor {
    private static final String PROBE = "nextbest-health-probe";
    private final CapStore store;
    private final Clock clock;

    ContactStoreMonitor(CapStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Scheduled(every = "${nextbest.caps.monitor-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void ping() {
        Instant now = clock.instant();
        try {
            store.history(PROBE, now.minusSeconds(1), now); // an empty key: one cheap round trip
        } catch (RuntimeException down) {
            // recorded by the metered store; decisions already hold contacts back
        }
    }
}
