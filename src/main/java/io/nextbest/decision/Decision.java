package io.nextbest.decision;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.nextbest.journeys.JourneyChange;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The answer to one decision request, with everything needed to explain it.
 *
 * @param failedRules the rules that threw while deciding (their firings undone); left out of the answer when none did
 */
public record Decision(String decisionId, String customerId, String rulesetVersion, Instant decidedAt, boolean dryRun,
                       List<Action> actions, List<Suppressed> suppressed, List<JourneyChange> journeys,
                       List<String> firedRules,
                       @JsonInclude(JsonInclude.Include.NON_EMPTY) List<FailedRule> failedRules, long tookMicros) {

    /**
     * @param sendBy     the latest useful send time, or null when the action has no deadline
     * @param experiment the experiment the action is a variant of, or null
     * @param failedOpen true when it goes out although its caps could not be checked (the contact store was
     *                   down and its channel fails open); null, and left out of the answer, otherwise
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Action(String actionId, String channel, int priority, double score, String category, Instant sendAt,
                         Instant sendBy, String rule, Map<String, Object> payload, String experiment, String variant,
                         Boolean failedOpen) {
    }

    /** @param rule the rule that set the action aside (null when no rule chose it at all) */
    public record Suppressed(String actionId, String channel, String reason, String detail, String rule,
                             String proposedBy) {
    }
}
