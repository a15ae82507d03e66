package io.nextbest.caps;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "nextbest.caps")
public interface CapsConfig {
    /** Where contacts are counted: {@code redis} (shared by replicas) or {@code memory} (one process). */
    @WithDefault("redis")
    Store store();

    /**
     * How long contacts are kept; at least the longest cap window and the rules' contact history. Also how far
     * back a customer whose contacts Redis lost is rebuilt from the decision records, which must be kept as long.
     */
    @WithDefault("90")
    int retentionDays();

    /**
     * How long a customer's state stamp lives without changing. When it lapses the next read makes a new
     * one, so replicas reload that customer once: it only bounds the keys kept for idle customers.
     */
    @WithDefault("24h")
    java.time.Duration stampTtl();

    /**
     * How often the contact store is pinged besides decisions' calls, so its status (health, metrics) is
     * current and an open breaker gets its trial call without traffic (read by {@link ContactStoreMonitor}).
     */
    @WithDefault("5s")
    java.time.Duration monitorInterval();

    /** When the contact store keeps failing, calls stop waiting for it (see {@link CircuitBreakingCapStore}). */
    Breaker breaker();

    interface Breaker {
        /** How many of the latest calls are looked at. */
        @WithDefault("4")
        int window();

        /** The share of those calls that failed which opens the breaker. */
        @WithDefault("0.75")
        double failureRatio();

        /** How long an open breaker fails calls at once before it lets one through to try again. */
        @WithDefault("5s")
        java.time.Duration delay();
    }

    enum Store {
        REDIS, MEMORY
    }
}
