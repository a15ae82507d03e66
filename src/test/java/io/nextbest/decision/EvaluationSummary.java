package io.nextbest.decision;

import io.nextbest.facts.Candidate;
import io.nextbest.rules.Ruleset;
import io.nextbest.rules.SessionPool;
import java.util.ArrayList;
import java.util.List;

/** Everything an evaluation decided, as comparable text (candidates compare by identity, so evaluations cannot). */
public final class EvaluationSummary {
    private EvaluationSummary() {
    }

    public static List<String> of(Evaluation evaluation) {
        List<String> lines = new ArrayList<>();
        evaluation.chosen().forEach(chosen -> lines.add("chosen " + describe(chosen.candidate())
                + " proposed by " + chosen.proposedBy()));
        evaluation.setAside().forEach(aside -> lines.add("set aside " + describe(aside.candidate())
                + " proposed by " + aside.proposedBy() + ": " + aside.reason() + " (" + aside.detail() + ") by "
                + aside.suppressedBy()));
        lines.add("fired " + evaluation.firedRules());
        evaluation.journeyMoves().forEach(move -> lines.add(move.move() + " by " + move.rule()));
        return lines;
    }

    /** The same rules (the same KieBase) with a pool that keeps nothing: every evaluation gets a new session. */
    public static Ruleset withFreshSessions(Ruleset ruleset) {
        return withPool(ruleset, new SessionPool(ruleset.kieBase(), 0));
    }

    public static Ruleset withPool(Ruleset ruleset, SessionPool pool) {
        return new Ruleset(ruleset.version(), ruleset.loadedAt(), ruleset.kieBase(), ruleset.files(), ruleset.rules(),
                ruleset.caps(), ruleset.warnings(), ruleset.sources(), pool);
    }

    private static String describe(Candidate candidate) {
        return candidate + " " + candidate.getSendTime() + " " + candidate.getPayload()
                + (candidate.getExperiment() == null ? "" : " " + candidate.getExperiment() + "/" + candidate.getVariant());
    }
}
