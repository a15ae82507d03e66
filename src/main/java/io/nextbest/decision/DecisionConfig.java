package io.nextbest.decision;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "nextbest.decisions")
public interface DecisionConfig {
    /** How far back stored events are given to the rules. */
    @WithDefault("30")
    int historyDays();

    /** At most this many stored events (the newest) per decision, so one busy customer cannot slow decisions. */
    @WithDefault("200")
    int historyMaxEvents();

    /** How far back contacts are given to the rules (caps and recency conditions). */
    @WithDefault("90")
    int contactHistoryDays();

    /** Quiet hours of customers whose profile names none, in their timezone. */
    @WithDefault("21:00-08:00")
    String defaultQuietHours();

    /**
     * How far a real decision's {@code at} may be from the service's clock (a caller's clock that is a little
     * off); further is refused. Contacts are stamped and counted on the service's clock whatever it says.
     * Dry runs, simulations, replays and scenarios take any {@code at}.
     */
    @WithDefault("PT2M")
    java.time.Duration atMaxSkew();

    /**
     * How long a caller waits for a decision at most: past it, the answer is a 503 and whatever the decision
     * reserved is given back (a database answering slowly must not hold callers, or contacts, for seconds).
     */
    @WithDefault("1500ms")
    java.time.Duration deadline();

    /** The timezone of customers whose profile names none. */
    @WithDefault("UTC")
    String defaultTimezone();
}
