package io.nextbest.api;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.regex.Pattern;

/**
 * The times the API accepts: RFC 3339's four-digit years. Java parses years up to ±999,999,999, which
 * PostgreSQL cannot store (timestamps end in year 294,276) and java.time cannot always convert to an
 * instant; a decision at such a time is a typo, not a moment to decide at.
 */
final class ApiTimes {
    static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");
    static final String MESSAGE = "must be an RFC 3339 time (date, time and offset) from year 0001 to 9999, "
            + "such as 2026-11-23T10:15:00+01:00";
    /**
     * RFC 3339's date-time: date, time, offset. Jackson would read a string of digits as seconds since 1970 ("2026"
     * is a moment of 1970), and java.time an offset without its colon or with seconds. Seconds may be left out when
     * they are zero, as java.time itself writes such a time (OffsetDateTime.toString()).
     */
    private static final Pattern RFC_3339 = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?([Zz]|[+-]\\d{2}:\\d{2})");

    private ApiTimes() {
    }

    /** Whether {@code text} is written as RFC 3339 says; whether it is a real time, parsing tells. */
    static boolean isRfc3339(String text) {
        return RFC_3339.matcher(text).matches();
    }

    static boolean inRange(OffsetDateTime time) {
        // Compared by date and offset first: toInstant() itself fails near OffsetDateTime.MIN and MAX.
        int year = time.getYear();
        if (year < 0 || year > 10_000) {
            return false;
        }
        Instant instant = time.toInstant();
        return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
    }
}
