package io.nextbest.events;

/**
 * The database refused a decision's events as they are (not for being unavailable): sending them again
 * would not help. Nothing of that decision took effect; the decisions that shared its commit are not held up.
 */
public class EventsRejectedException extends RuntimeException {
    public EventsRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
