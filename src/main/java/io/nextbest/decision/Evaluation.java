package io.nextbest.decision;

import io.nextbest.facts.Candidate;
import java.util.List;

/** What the rules decided: chosen candidates in rank order, the ones set aside and why, and every rule fired. */
public record Evaluation(List<Chosen> chosen, List<SetAside> setAside, List<String> firedRules) {
    public Evaluation {
        chosen = List.copyOf(chosen);
        setAside = List.copyOf(setAside);
        firedRules = List.copyOf(firedRules);
    }

    /** @param proposedBy the rule that proposed the candidate */
    public record Chosen(Candidate candidate, String proposedBy) {
    }

    /** @param suppressedBy the rule that set it aside, null when no rule did (nothing chose it) */
    public record SetAside(Candidate candidate, String proposedBy, String reason, String detail, String suppressedBy) {
    }
}
