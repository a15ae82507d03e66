package io.nextbest.journeys;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "nextbest.journeys")
public interface JourneysConfig {
    /** How often due journey steps are looked for. */
    @WithDefault("1s")
    String interval();

    /** Steps one run decides at most, so one replica does not hold the scheduler thread for long. */
    @WithDefault("200")
    int maxStepsPerRun();

    /** A step whose decision failed is tried again after this, doubling each time. */
    @WithDefault("1m")
    Duration firstRetry();

    /** Failed tries before the enrolment is marked FAILED (visible at GET /v1/customers/{id}/journeys). */
    @WithDefault("5")
    int maxAttempts();
}
