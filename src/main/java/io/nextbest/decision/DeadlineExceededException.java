package io.nextbest.decision;

import java.time.Duration;

/** A decision not made within its deadline: the caller is answered 503; nothing it reserved is kept. */
public class DeadlineExceededException extends RuntimeException {
    public DeadlineExceededException(Duration limit) {
        super("No decision within " + limit.toMillis() + " ms, the deadline this service keeps; nothing was reserved"
                + " or recorded: send the request again (events with the same ids count once)");
    }
}
