package io.nextbest.caps;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Pings the contact store now and then, so its status is current even when no decision is made, and a Redis
 * that lost its data is told of within the interval.
 */
@ApplicationScoped
public class ContactStoreMonitor {
    private final CapStore store;

    ContactStoreMonitor(CapStore store) {
        this.store = store;
    }

    @Scheduled(every = "${nextbest.caps.monitor-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void ping() {
        try {
            store.ping();
        } catch (RuntimeException down) {
            // recorded by the metered store; decisions already hold contacts back
        }
    }
}
