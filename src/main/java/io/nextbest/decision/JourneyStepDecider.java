package io.nextbest.decision;

import io.nextbest.delivery.Outbox;
import io.nextbest.facts.Contact;
import io.nextbest.journeys.JourneyChange;
import io.nextbest.journeys.Journeys;
import io.nextbest.records.DecisionRecorder;
import io.nextbest.rules.ActiveRuleset;
import io.nextbest.rules.CanaryRollout;
import io.nextbest.rules.RulesConfig;
import io.nextbest.rules.Ruleset;
import io.nextbest.state.CustomerChanges.Restamp;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.MDC;

/**
 * Decides a journey step that fell due, with no request from the customer: the journey is the due fact,
 * no event is current, and the step's actions pass eligibility and caps like any other. Runs in the
 * caller's transaction (the scheduler's claim of the step), so the journey's move and the outbox rows
 * commit together or not at all; the caller records the decision once that transaction committed.
 */
@ApplicationScoped
public class JourneyStepDecider {
    /** The channel of a decision the scheduler makes for a journey step (no customer is on a page). */
    public static final String JOURNEY_CHANNEL = "journey";

    private final ActiveRuleset rulesets;
    private final CanaryRollout rollout;
    private final FactAssembler assembler;
    private final CapReservations reservations;
    private final Journeys journeys;
    private final Outbox outbox;
    private final DecisionRecorder recorder;
    private final DecisionMetrics metrics;
    private final RulesConfig rulesConfig;

    JourneyStepDecider(ActiveRuleset rulesets, CanaryRollout rollout, FactAssembler assembler, CapReservations reservations, Journeys journeys,
                       Outbox outbox, DecisionRecorder recorder, DecisionMetrics metrics, RulesConfig rulesConfig) {
        this.rulesets = rulesets;
        this.rollout = rollout;
        this.assembler = assembler;
        this.reservations = reservations;
        this.journeys = journeys;
        this.outbox = outbox;
        this.recorder = recorder;
        this.metrics = metrics;
        this.rulesConfig = rulesConfig;
    }

    /** A decided journey step, to record once it committed, with the contacts it made. */
    public record StepDecision(DecisionQuery query, Decision decision, List<Contact> contacts) {
    }

    public StepDecision decide(String customerId, String enrolmentId, Map<String, Object> stepContext, Instant now) {
        long started = System.nanoTime();
        String decisionId = UUID.randomUUID().toString();
        MDC.put(DecisionService.DECISION_ID, decisionId);
        try {
            StepDecision step = decide(customerId, enrolmentId, stepContext, now, decisionId, started);
            metrics.decided(DecisionMetrics.JOURNEY_STEP, step.decision(), started);
            return step;
        } catch (RuntimeException failed) {
            metrics.failed(DecisionMetrics.JOURNEY_STEP, started, failed);
            throw failed;
        } finally {
            MDC.remove(DecisionService.DECISION_ID);
        }
    }

    /** Records a step's decision (after its transaction committed). */
    public void record(StepDecision step) {
        recorder.record(step.query(), List.of(), step.decision(), step.contacts());
    }

    private StepDecision decide(String customerId, String enrolmentId, Map<String, Object> stepContext, Instant now,
                                String decisionId, long started) {
        Ruleset ruleset = rollout.inForce(rulesets.current().orElseThrow(NoActiveRulesetException::new)).forCustomer(customerId);
        DecisionQuery query = new DecisionQuery(customerId, JOURNEY_CHANNEL, now, List.of(), stepContext, 1, false);
        DecisionFacts facts = assembler.assemble(query, List.of(), now, ContactsMoment.reserving(now), ruleset.caps(), enrolmentId);
        RuleLimits limits = RuleLimits.of(rulesConfig);
        Evaluation proposed = RuleEvaluator.evaluate(ruleset, facts, limits);
        // Taken without its failed rule, a due step would complete the journey: it is retried instead, and
        // marked failed with the rule's error at last.
        if (!proposed.failedRules().isEmpty()) {
            throw new RuleFailedException(proposed.failedRules().get(0), ruleset.version());
        }
        Evaluation evaluation = reservations.reserve(ruleset, facts, proposed, limits, Restamp.NONE);
        List<JourneyChange> journeyChanges = journeys.apply(customerId, evaluation.journeyMoves(), facts.context(),
                ruleset.version(), decisionId, enrolmentId, null);
        Decision decision = DecisionService.answer(decisionId, query, query, ruleset, now, facts, evaluation,
                journeyChanges, started);
        if (outbox.delivers(decision)) {
            outbox.enqueue(customerId, decision);
        }
        return new StepDecision(query, decision, evaluation.contacts());
    }
}
