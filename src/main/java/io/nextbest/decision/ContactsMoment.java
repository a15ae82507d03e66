package io.nextbest.decision;

import java.time.Instant;

/**
 * When a decision counts contacts against caps, and which contacts it reads. Anything that reserves counts on
 * the service's clock and reads every contact made since the caps' windows begin, even one stamped after its
 * own moment (a concurrent decision for the customer may have reserved first): a caller's "at" can neither
 * move a contact nor age one out. A dry run, replay or simulation looks at the contacts as they stood.
 *
 * @param at       where the caps' windows end
 * @param readUpTo the last contact time read, or null for every contact made since the windows began
 */
public record ContactsMoment(Instant at, Instant readUpTo) {
    /** For a decision that reserves: the service's clock, and contacts made meanwhile count. */
    public static ContactsMoment reserving(Instant serviceNow) {
        return new ContactsMoment(serviceNow, null);
    }

    /** For one that only looks: the contacts made up to {@code at}. */
    public static ContactsMoment asOf(Instant at) {
        return new ContactsMoment(at, at);
    }
}
