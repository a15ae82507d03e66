package io.nextbest.facts;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;

/**
 * The customer's quiet hours in their timezone (e.g. 21:00-08:00, across midnight), from their profile or
 * the service default. Rules decide per channel what quiet hours mean: wait, or drop.
 */
public final class QuietHours {
    private final LocalTime start;
    private final LocalTime end;
    private final Context context;

    public QuietHours(LocalTime start, LocalTime end, Context context) {
        this.start = start;
        this.end = end;
        this.context = context;
    }

    /** Reads "21:00-08:00". */
    public static QuietHours parse(String spec, Context context) {
        String[] parts = spec.split("-");
        try {
            if (parts.length != 2) {
                throw new DateTimeParseException("not HH:mm-HH:mm", spec, 0);
            }
            return new QuietHours(LocalTime.parse(parts[0].strip()), LocalTime.parse(parts[1].strip()), context);
        } catch (DateTimeParseException bad) {
            throw new IllegalArgumentException("'" + spec + "' is not quiet hours: write them like 21:00-08:00", bad);
        }
    }

    public LocalTime getStart() {
        return start;
    }

    public LocalTime getEnd() {
        return end;
    }

    /** True when the candidate would be sent inside the quiet hours. */
    public boolean covers(Candidate candidate) {
        return isQuiet(candidate.getSendTime().sendAt(context).atZone(context.getLocalTime().getZone()).toLocalTime());
    }

    /** True when the decision's own moment is inside the quiet hours. */
    public boolean isNow() {
        return isQuiet(context.getLocalTime().toLocalTime());
    }

    /** The end of the quiet period the candidate would be sent in: when it may go out instead. */
    public Instant endFor(Candidate candidate) {
        ZonedDateTime sendAt = candidate.getSendTime().sendAt(context).atZone(context.getLocalTime().getZone());
        ZonedDateTime sameDayEnd = sendAt.with(end);
        return (sameDayEnd.isAfter(sendAt) ? sameDayEnd : sameDayEnd.plusDays(1)).toInstant();
    }

    private boolean isQuiet(LocalTime time) {
        if (start.equals(end)) {
            return false;
        }
        return start.isBefore(end)
                ? !time.isBefore(start) && time.isBefore(end)
                : !time.isBefore(start) || time.isBefore(end);
    }

    @Override
    public String toString() {
        return "QuietHours[" + start + "-" + end + "]";
    }
}
