package io.nextbest.delivery;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;

@ConfigMapping(prefix = "nextbest.delivery")
public interface DeliveryConfig {
    /** Channel → webhook URL of the connector that sends it (email platform, SMS gateway, ads API). */
    Map<String, String> webhooks();

    /** Attempts before a delivery is marked failed (it can still be retried through the API). */
    @WithDefault("8")
    int maxAttempts();

    /** The first retry waits this long; each further one twice as long, up to an hour. */
    @WithDefault("2s")
    Duration firstRetry();

    @WithDefault("5s")
    Duration timeout();

    /** How often due deliveries are looked for. */
    @WithDefault("1s")
    String interval();
}
