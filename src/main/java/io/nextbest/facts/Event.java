package io.nextbest.facts;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Something the customer did. {@code current} marks the events sent with this decision; the others
 * are the customer's stored history. Ages are measured from the decision's {@code now}, so rules never
 * read a clock.
 */
public final class Event extends WithAttributes {
    private final String id;
    private final String type;
    private final Instant occurredAt;
    private final String channel;
    private final boolean current;
    private final long ageMinutes;

    public Event(String id, String type, Instant occurredAt, String channel, Map<String, Object> attributes,
                 boolean current, Instant now) {
        super(attributes);
        this.id = id;
        this.type = type;
        this.occurredAt = occurredAt;
        this.channel = channel;
        this.current = current;
        this.ageMinutes = Duration.between(occurredAt, now).toMinutes();
    }

    public String getId() {
        return id;
    }

    public String getType() {
        return type;
    }

    public Instant getOccurredAt() {
        return occurredAt;
    }

    /** The channel the event came from (web, app, email, sms, pos...), or null when the caller did not say. */
    public String getChannel() {
        return channel;
    }

    public boolean isCurrent() {
        return current;
    }

    /** Whole minutes between the event and the decision's now. */
    public long getAgeMinutes() {
        return ageMinutes;
    }

    public long getAgeHours() {
        return ageMinutes / 60;
    }

    public long getAgeDays() {
        return ageMinutes / (60 * 24);
    }

    /** Minutes this event happened before {@code other}; negative when it happened after. */
    public double minutesBefore(Event other) {
        return Duration.between(occurredAt, other.occurredAt).toSeconds() / 60.0;
    }

    /** True when this event happened at most {@code minutes} before {@code other} (and not after it). */
    public boolean withinMinutesBefore(Event other, double minutes) {
        double before = minutesBefore(other);
        return before >= 0 && before <= minutes && this != other;
    }

    public boolean isAfter(Event other) {
        return occurredAt.isAfter(other.occurredAt);
    }

    /** True when the event happened after {@code moment}, e.g. {@code occurredAfter($journey.enrolledAt)}. */
    public boolean occurredAfter(Instant moment) {
        return occurredAt.isAfter(moment);
    }

    @Override
    public String toString() {
        return "Event[" + type + " at " + occurredAt + (current ? ", current" : "")
                + (getAttributes().isEmpty() ? "" : ", " + getAttributes()) + "]";
    }
}
