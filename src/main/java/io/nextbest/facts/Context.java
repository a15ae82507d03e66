package io.nextbest.facts;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;

/**
 * The moment and place of a decision. {@code now} comes from the request's {@code at} (default: the
 * clock) and is the only time rules may use; local fields are in the customer's timezone.
 */
public final class Context extends WithAttributes {
    static final int BUSINESS_DAY_START_HOUR = 9;
    static final int BUSINESS_DAY_END_HOUR = 18;
    static final int NIGHT_START_HOUR = 22;
    static final int NIGHT_END_HOUR = 6;

    private final Instant now;
    private final ZonedDateTime localTime;
    private final String channel;
    private final int maxActions;

    public Context(Instant now, ZoneId customerZone, String channel, int maxActions, Map<String, Object> attributes) {
        super(attributes);
        this.now = now;
        this.localTime = now.atZone(customerZone);
        this.channel = channel;
        this.maxActions = maxActions;
    }

    public Instant getNow() {
        return now;
    }

    public ZonedDateTime getLocalTime() {
        return localTime;
    }

    public int getLocalHour() {
        return localTime.getHour();
    }

    /** MONDAY … SUNDAY. */
    public String getLocalWeekday() {
        return localTime.getDayOfWeek().name();
    }

    public boolean isWeekend() {
        DayOfWeek day = localTime.getDayOfWeek();
        return day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY;
    }

    /** Monday to Friday, 09:00 to 18:00 in the customer's timezone. */
    public boolean isBusinessHours() {
        int hour = getLocalHour();
        return !isWeekend() && hour >= BUSINESS_DAY_START_HOUR && hour < BUSINESS_DAY_END_HOUR;
    }

    /** 22:00 to 06:00 in the customer's timezone. */
    public boolean isNight() {
        int hour = getLocalHour();
        return hour >= NIGHT_START_HOUR || hour < NIGHT_END_HOUR;
    }

    /** The channel the request came from (web, app, ...), or null. */
    public String getChannel() {
        return channel;
    }

    /** How many customer-facing actions this decision may return (the request's limit). */
    public int getMaxActions() {
        return maxActions;
    }

    public String getDevice() {
        return text("device");
    }

    public String getPage() {
        return text("page");
    }

    @Override
    public String toString() {
        return "Context[" + now + ", local " + localTime.toLocalDateTime() + ", channel " + channel + "]";
    }
}
