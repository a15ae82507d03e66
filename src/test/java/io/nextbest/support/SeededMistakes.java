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

    private SeededMistakes() {
    }
}
