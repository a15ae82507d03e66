package io.nextbest.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nextbest.profile.ConsentEvents;
import io.nextbest.profile.ProfileService;
import io.nextbest.records.DecisionRecord;
import io.nextbest.records.DecisionRecorder;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.faulttolerance.Bulkhead;

/**
 * Outcomes of actions, stored as the customer's events ({@code action_opened}, {@code action_clicked}, …
 * with the decision, action and channel as attributes), so rules see a customer's responses in the same
 * history as everything else they did, at no extra cost per decision.
 */
@ApplicationScoped
public class Outcomes {
    /** Outcomes recorded at once per replica: under half the database pool (20 connections by default). */
    static final int AT_ONCE = 8;
    public static final String EVENT_PREFIX = "action_";

    private final DecisionRecorder records;
    private final EventStore events;
    private final ProfileService profiles;
    private final ObjectMapper json;
    private final Clock clock;

    Outcomes(DecisionRecorder records, EventStore events, ProfileService profiles, ObjectMapper json, Clock clock) {
        this.records = records;
        this.events = events;
        this.profiles = profiles;
        this.json = json;
        this.clock = clock;
    }

    public record Outcome(String id, String type, String actionId, Double value, Instant at) {
    }

    public record Recorded(String eventId, String decisionId, String customerId, String actionId, String channel,
                           String type, boolean duplicate) {
    }

    public enum Problem {
        NO_SUCH_DECISION, NO_SUCH_ACTION, ACTION_NEEDED
    }

    public static final class OutcomeRejected extends RuntimeException {
        private final Problem problem;

        OutcomeRejected(Problem problem, String message) {
            super(message);
            this.problem = problem;
        }

        public Problem problem() {
            return problem;
        }
    }

    /**
     * Finds the decision's record without waiting for it (see {@link DecisionRecorder#locate}), so an unknown
     * decision is a 404 at once and holds nothing meanwhile; then stores the outcome in one short transaction.
     * At most {@value #AT_ONCE} at a time per replica (more are refused at once, a 503 to retry): a flood of
     * outcomes, known or not, leaves the rest of the database pool to decisions.
     */
    @Bulkhead(AT_ONCE)
    public Recorded record(String decisionId, Outcome outcome) {
        DecisionRecord decision = records.locate(decisionId)
                .orElseThrow(() -> new OutcomeRejected(Problem.NO_SUCH_DECISION, "No decision " + decisionId));
        Map<String, String> action = action(decision, outcome.actionId());
        Instant at = outcome.at() != null ? outcome.at() : clock.instant();
        String eventId = outcome.id() != null ? outcome.id()
                : decisionId + ":" + action.get("actionId") + ":" + outcome.type();
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("decisionId", decisionId);
        attributes.put("actionId", action.get("actionId"));
        attributes.put("channel", action.get("channel"));
        if (outcome.value() != null) {
            attributes.put("value", outcome.value());
        }
        if (action.containsKey("experiment")) {
            attributes.put("experiment", action.get("experiment"));
            attributes.put("variant", action.get("variant"));
        }
        List<IncomingEvent> stored = new ArrayList<>();
        stored.add(new IncomingEvent(eventId, EVENT_PREFIX + outcome.type(), at, action.get("channel"), attributes));
        if ("unsubscribed".equals(outcome.type())) {
            // Unsubscribing from a message withdraws consent on its channel, as an unsubscribe event does.
            stored.add(new IncomingEvent(eventId + ":consent", ConsentEvents.UNSUBSCRIBED, at, action.get("channel"),
                    Map.of("channel", action.get("channel"))));
        }
        boolean duplicate = QuarkusTransaction.requiringNew().call(() -> {
            if ("unsubscribed".equals(outcome.type())) {
                profiles.withdrawConsent(decision.customerId, action.get("channel"));
            }
            return events.store(decision.customerId, stored, clock.instant()) == 0;
        });
        return new Recorded(eventId, decisionId, decision.customerId, action.get("actionId"), action.get("channel"),
                outcome.type(), duplicate);
    }

    /** The decision's action the outcome is about: the one named, or the only one. */
    private Map<String, String> action(DecisionRecord decision, String actionId) {
        List<Map<String, String>> actions = new ArrayList<>();
        try {
            for (JsonNode action : json.readTree(decision.actions)) {
                Map<String, String> fields = new LinkedHashMap<>();
                fields.put("actionId", action.path("actionId").asText());
                fields.put("channel", action.path("channel").asText());
                if (action.hasNonNull("experiment")) {
                    fields.put("experiment", action.path("experiment").asText());
                    fields.put("variant", action.path("variant").asText());
                }
                actions.add(fields);
            }
        } catch (IOException unreadable) {
            throw new IllegalStateException("Decision record " + decision.id + " has unreadable actions", unreadable);
        }
        if (actionId == null) {
            if (actions.size() != 1) {
                throw new OutcomeRejected(Problem.ACTION_NEEDED, "Decision " + decision.id + " returned "
                        + actions.size() + " actions: say which one with actionId");
            }
            return actions.get(0);
        }
        return actions.stream().filter(action -> action.get("actionId").equals(actionId)).findFirst()
                .orElseThrow(() -> new OutcomeRejected(Problem.NO_SUCH_ACTION, "Decision " + decision.id
                        + " did not return action " + actionId));
    }
}
