package io.nextbest.facts;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * When a candidate should be sent: now, after a delay, within a window, or at a local time of the
 * customer's day ("tomorrow 14:00"). Resolved to instants against the decision's context, never a clock.
 */
public final class SendTime {
    /** The words that may name the day of a local send time ("tomorrow 14:00"). */
    public static final List<String> DAYS = Stream.concat(Stream.of("today", "tomorrow"),
            Stream.of(DayOfWeek.values()).map(day -> day.name().toLowerCase(Locale.ROOT))).toList();

    private final Duration delay;
    private final Duration window;
    private final String localDay;
    private final LocalTime localTime;
    private final Instant fixed;
    private final MonthDay anniversary;

    private SendTime(Duration delay, Duration window, String localDay, LocalTime localTime, Instant fixed) {
        this(delay, window, localDay, localTime, fixed, null);
    }

    private SendTime(Duration delay, Duration window, String localDay, LocalTime localTime, Instant fixed,
                     MonthDay anniversary) {
        this.delay = delay;
        this.window = window;
        this.localDay = localDay;
        this.localTime = localTime;
        this.fixed = fixed;
        this.anniversary = anniversary;
    }

    /**
     * The next time the day of {@code date} comes round (a birthday, a sign-up anniversary) at {@code time}
     * in the customer's timezone; today counts if that time is still ahead. 29 February falls on the 28th
     * in other years.
     */
    public static SendTime nextAnniversary(LocalDate date, String time) {
        try {
            return new SendTime(null, null, "anniversary", LocalTime.parse(time.trim()), null, MonthDay.from(date));
        } catch (DateTimeParseException badTime) {
            throw invalid(time);
        }
    }

    public static SendTime now() {
        return new SendTime(Duration.ZERO, null, null, null, null);
    }

    public static SendTime after(Duration delay) {
        return new SendTime(requireNonNegative(delay), null, null, null, null);
    }

    /** Send at a fixed instant, e.g. when quiet hours end. */
    public static SendTime at(Instant instant) {
        return new SendTime(null, null, null, null, instant);
    }

    /** Send now, and not later than {@code window} from now. */
    public static SendTime within(Duration window) {
        return new SendTime(Duration.ZERO, requireNonNegative(window), null, null, null);
    }

    /**
     * "14:00" (the next 14:00), "today 14:00", "tomorrow 14:00" or a weekday such as "monday 09:00"
     * (the next Monday after today), in the customer's timezone.
     */
    public static SendTime atLocalTime(String spec) {
        String[] parts = spec.trim().toLowerCase(Locale.ROOT).split("\\s+");
        if (parts.length < 1 || parts.length > 2) {
            throw invalid(spec);
        }
        String day = parts.length == 2 ? parts[0] : "next";
        if (!day.equals("next") && !DAYS.contains(day)) {
            throw invalid(spec);
        }
        try {
            return new SendTime(null, null, day, LocalTime.parse(parts[parts.length - 1]), null);
        } catch (DateTimeParseException badTime) {
            throw invalid(spec);
        }
    }

    /** The instant to send at. */
    public Instant sendAt(Context context) {
        if (fixed != null) {
            return fixed;
        }
        if (localTime == null) {
            return context.getNow().plus(delay);
        }
        ZonedDateTime local = context.getLocalTime();
        if (anniversary != null) {
            ZonedDateTime thisYear = local.with(anniversary.atYear(local.getYear())).with(localTime);
            return (thisYear.isAfter(local) ? thisYear
                    : local.plusYears(1).with(anniversary.atYear(local.getYear() + 1)).with(localTime)).toInstant();
        }
        ZonedDateTime at = switch (localDay) {
            case "today" -> local.with(localTime);
            case "tomorrow" -> local.plusDays(1).with(localTime);
            case "next" -> local.with(localTime).isAfter(local) ? local.with(localTime) : local.plusDays(1).with(localTime);
            default -> local.with(TemporalAdjusters.next(weekday(localDay))).with(localTime);
        };
        return at.toInstant();
    }

    /** The latest instant the send is still useful, or null when there is no deadline. */
    public Instant sendBy(Context context) {
        return window == null ? null : sendAt(context).plus(window);
    }

    private static DayOfWeek weekday(String name) {
        for (DayOfWeek day : DayOfWeek.values()) {
            if (day.name().equalsIgnoreCase(name)) {
                return day;
            }
        }
        return null;
    }

    private static Duration requireNonNegative(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("A send delay cannot be negative: " + duration);
        }
        return duration;
    }

    private static IllegalArgumentException invalid(String spec) {
        return new IllegalArgumentException("'" + spec + "' is not a local send time; write it like "
                + "\"14:00\", \"today 18:00\", \"tomorrow 14:00\" or \"monday 09:00\"");
    }

    @Override
    public String toString() {
        if (fixed != null) {
            return "at " + fixed;
        }
        if (anniversary != null) {
            return "next " + anniversary + " " + localTime;
        }
        if (localTime != null) {
            return localDay + " " + localTime;
        }
        return window != null ? "within " + window : delay.isZero() ? "now" : "after " + delay;
    }
}
