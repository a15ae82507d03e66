package io.nextbest.facts;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Optional;

/**
 * One line of the caps table: at most {@code max} contacts of a scope within a window. The window is
 * rolling ({@code rolling} set) or a calendar period of the customer's own timezone ({@code period} set).
 * {@code target} "*" means "each": e.g. scope ACTION with "*" caps every action on its own.
 */
public record CapDeclaration(Scope scope, String target, int max, Duration rolling, Period period, String description) {
    public static final String EACH = "*";

    public enum Scope {
        GLOBAL, CHANNEL, CATEGORY, ACTION
    }

    /** Calendar periods in the customer's timezone. */
    public enum Period {
        DAY, WEEK, MONTH
    }

    /** The concrete check for one candidate, or empty when this cap does not concern it. */
    public Optional<CapCheck> checkFor(Candidate candidate, Instant now, ZoneId zone) {
        String value = switch (scope) {
            case GLOBAL -> "";
            case CHANNEL -> candidate.getChannel();
            case CATEGORY -> candidate.getCategory();
            case ACTION -> candidate.getActionId();
        };
        if (value == null || !(target.equals(EACH) || target.equals(value))) {
            return Optional.empty();
        }
        return Optional.of(new CapCheck(scope, value, max, windowStart(now, zone), this));
    }

    /** Contacts strictly after this instant and not after now are in the window. */
    public Instant windowStart(Instant now, ZoneId zone) {
        if (rolling != null) {
            return now.minus(rolling);
        }
        ZonedDateTime local = now.atZone(zone).truncatedTo(ChronoUnit.DAYS);
        ZonedDateTime start = switch (period) {
            case DAY -> local;
            case WEEK -> local.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> local.withDayOfMonth(1);
        };
        // Strictly after the start: step back a millisecond so a contact at 00:00:00.000 counts.
        return start.toInstant().minusMillis(1);
    }

    /** The longest the cap looks back, so contact history older than this can go. */
    public Duration reach() {
        return rolling != null ? rolling : switch (period) {
            case DAY -> Duration.ofDays(2);
            case WEEK -> Duration.ofDays(8);
            case MONTH -> Duration.ofDays(32);
        };
    }

    /**
     * One cap applied to one candidate: count contacts with {@code value} in {@code scope} after {@code from}.
     * A contact after the deciding moment counts too: it was reserved by a decision for the same customer that
     * started later and reserved first, and it was made all the same.
     */
    public record CapCheck(Scope scope, String value, int max, Instant from, CapDeclaration declaration) {
        public boolean counts(Contact contact) {
            if (!contact.at().isAfter(from)) {
                return false;
            }
            return switch (scope) {
                case GLOBAL -> true;
                case CHANNEL -> value.equals(contact.channel());
                case CATEGORY -> value.equals(contact.category());
                case ACTION -> value.equals(contact.actionId());
            };
        }
    }
}
