package io.nextbest.caps;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "nextbest.caps")
public interface CapsConfig {
    /** Where contacts are counted: {@code redis} (shared by replicas) or {@code memory} (one process). */
    @WithDefault("redis")
    Store store();

    /** How long contacts are kept; at least the longest cap window and the rules' contact history. */
    @WithDefault("90")
    int retentionDays();

    /**
     * How long a customer's state stamp lives without changing. When it lapses the next read makes a new
     * one, so replicas reload that customer once: it only bounds the keys kept for idle customers.
     */
    @WithDefault("24h")
    java.time.Duration stampTtl();

    enum Store {
        REDIS, MEMORY
    }
}
