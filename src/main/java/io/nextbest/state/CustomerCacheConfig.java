package io.nextbest.state;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "nextbest.customer-cache")
public interface CustomerCacheConfig {
    /** Off: every decision reads the customer from the database. */
    @WithDefault("true")
    boolean enabled();

    /** Customers kept per replica (least recently used go first). */
    @WithDefault("100000")
    long maxCustomers();

    /**
     * The longest a cached customer is used. Changes reach every replica at once through the state stamp;
     * this bounds how long one that could not be stamped (the contact store down at that moment) lasts.
     */
    @WithDefault("10m")
    Duration expireAfter();
}
