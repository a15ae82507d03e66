package io.nextbest.caps;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Whether the contact store answers, from its last call (decisions, or the monitor's ping when there are
 * none). Read by health and metrics without calling the store: a hung Redis must never make a probe hang.
 */
@ApplicationScoped
public class ContactStoreStatus {
    private static final Logger LOG = Logger.getLogger(ContactStoreStatus.class);

    private final Clock clock;
    private volatile boolean available = true;
    private volatile Instant since;
    private volatile String lastError;
    /** Counts outages: what was cached against the store before one may have missed a change during it. */
    private volatile long outages;

    ContactStoreStatus(MeterRegistry registry, Clock clock) {
        this.clock = clock;
        this.since = clock.instant();
        Gauge.builder("nextbest.caps.store.available", this, status -> status.available ? 1 : 0)
                .description("1 while the contact store (Redis) answers; 0 while contacts are held back for lack of it")
                .register(registry);
    }

    void worked() {
        if (!available) {
            available = true;
            since = clock.instant();
            LOG.info("The contact store answers again: caps are enforced and contacts go out");
        }
    }

    void failed(RuntimeException failure) {
        lastError = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        if (available) {
            outages++;
            available = false;
            since = clock.instant();
            LOG.warnf("The contact store does not answer (%s): customer contacts are held back until it does", lastError);
        }
    }

    /** How many times the store stopped answering since start; cached state from before an outage is not trusted after it. */
    public long outages() {
        return outages;
    }

    public boolean available() {
        return available;
    }

    /** When the store last became available or unavailable. */
    public Instant since() {
        return since;
    }

    public String lastError() {
        return lastError;
    }
}
