package io.nextbest.state;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "nextbest.customer-cache")
public interface CustomerCacheConfig {
    /** Off: every decision reads the customer from the database. */
    @WithDefault("true")
    boolean enabled();

    /**
     * How much a replica keeps, counted in stored events (a customer weighs one plus the events kept of
     * them, so memory stays bounded however long histories are); least recently used customers go first.
     * About 400 bytes each (bench/heap-soak.sh): the default holds some 200 MB.
     */
    @WithDefault("500000")
    long maxEvents();

    /**
     * The longest a cached customer is used. Changes reach every replica at once through the state stamp;
     * this bounds how long one that could not be stamped (the contact store down at that moment) lasts.
     */
    @WithDefault("10m")
    Duration expireAfter();
}
