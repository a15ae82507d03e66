package io.nextbest.events;

/**
 * A decision's or a batch's events could not be committed (the database refused or did not answer in
 * time): nothing of that request took effect, and the client may send it again.
 */
public class EventsNotStoredException extends RuntimeException {
    public EventsNotStoredException(String message, Throwable cause) {
        super(message, cause);
    }
}
