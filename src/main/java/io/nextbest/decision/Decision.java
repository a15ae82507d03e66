package io.nextbest.decision;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The answer to one decision request, with everything needed to explain it. */
public record Decision(String decisionId, String customerId, String rulesetVersion, Instant decidedAt, boolean dryRun,
                       List<Action> actions, List<Suppressed> suppressed, List<String> firedRules, long tookMicros) {

    /** @param sendBy the latest useful send time, or null when the action has no deadline */
    public record Action(String actionId, String channel, int priority, double score, String category, Instant sendAt,
                         Instant sendBy, String rule, Map<String, Object> payload) {
    }

    /** @param rule the rule that set the action aside (null when no rule chose it at all) */
    public record Suppressed(String actionId, String channel, String reason, String detail, String rule,
                             String proposedBy) {
    }
}
