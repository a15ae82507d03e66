package io.nextbest.decision;

import java.time.Duration;
import java.time.Instant;

/**
 * A real decision's {@code at} too far from the service's clock. A caller may not choose when contacts are
 * made: moving "now" back would make a cap's window forget contacts, moving it forward would age them out.
 */
public class CallerClockException extends RuntimeException {
    public static final String FIELD = "at";

    CallerClockException(String message) {
        super(message);
    }

    static void requireNear(Instant at, Instant serviceNow, Duration maxSkew) {
        if (at == null) {
            return;
        }
        Duration skew = Duration.between(serviceNow, at).abs();
        if (skew.compareTo(maxSkew) > 0) {
            throw new CallerClockException("must be within " + describe(maxSkew) + " of the service's clock ("
                    + serviceNow + ") for a decision that takes effect; leave it out, or send \"dryRun\": true "
                    + "to see what would be decided at another time");
        }
    }

    private static String describe(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds % 60 == 0 ? seconds / 60 + " minute(s)" : seconds + " second(s)";
    }
}
