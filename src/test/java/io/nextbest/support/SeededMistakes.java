package io.nextbest.support;

/** Rule files with a known mistake, for the tests of the checks that must find it. */
public final class SeededMistakes {
    /** A trigger that matches a Selection, which exists only in arbitration: it can never fire (line 3). */
    public static final String SELECTION_IN_TRIGGERS = """
            package nextbest;
            import io.nextbest.facts.*;
            rule "A trigger that waits for a selection"
                agenda-group "triggers"
            when
                Selection( )
            then
                insert(Candidate.web("never-shown"));
            end
            """;

    /** A trigger on an event no scenario sends: no scenario test fires it. */
    public static final String UNTESTED_TRIGGER = """
            package nextbest;
            import io.nextbest.facts.*;

            rule "Nobody tests this banner"
                agenda-group "triggers"
            when
                Event( type == "never_in_a_scenario", current )
            then
                insert(Candidate.web("untested-banner"));
            end
            """;

    private SeededMistakes() {
    }
}
