package io.nextbest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One clock for the service; decisions take their "now" from the request when it gives one. Tests may
 * ask for an adjustable clock (PUT /v1/clock) to move the scheduler through days; production never does.
 */
@ApplicationScoped
public class ClockProducer {
    @ConfigProperty(name = "nextbest.clock.adjustable", defaultValue = "false")
    boolean adjustable;

    @Produces
    @Singleton
    Clock clock() {
        return adjustable ? new AdjustableClock() : Clock.systemUTC();
    }
}
