package io.nextbest.decision;

import io.nextbest.delivery.Outbox;
import io.nextbest.events.EventGroupCommit;
import io.nextbest.events.EventsInFlight;
import io.nextbest.events.IncomingEvent;
import io.nextbest.facts.CapDeclaration;
import io.nextbest.facts.Candidate;
import io.nextbest.journeys.JourneyChange;
import io.nextbest.journeys.Journeys;
import io.nextbest.profile.ConsentEvents;
import io.nextbest.profile.Identities;
import io.nextbest.profile.ProfileService;
import io.nextbest.records.DecisionRecorder;
import io.nextbest.rules.ActiveRuleset;
import io.nextbest.rules.Canary;
import io.nextbest.rules.CanaryRollout;
import io.nextbest.rules.RulesConfig;
import io.nextbest.rules.Ruleset;
import io.nextbest.state.CustomerChanges.Restamp;
import io.nextbest.state.CustomerRead;
import io.nextbest.state.CustomerReader;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.MDC;

/** Decides the next best action: store what the customer did, gather the facts, run the rules, record contacts. */
@ApplicationScoped
public class DecisionService {
    /** The MDC key of the decision being made, cleared when its HTTP response is written (or its step ends). */
    public static final String DECISION_ID = "decisionId";

    private final ActiveRuleset rulesets;
    private final CanaryRollout rollout;
    private final FactAssembler assembler;
    private final EventGroupCommit eventWriter;
    private final ProfileService profiles;
    private final CapReservations reservations;
    private final DecisionRecorder recorder;
    private final Identities identities;
    private final CustomerReader customers;
    private final Outbox outbox;
    private final RulesConfig rulesConfig;
    private final Journeys journeys;
    private final DecisionMetrics metrics;
    private final DatabaseWrites databaseWrites;
    private final DecisionConfig config;
    private final Clock clock;

    DecisionService(ActiveRuleset rulesets, CanaryRollout rollout, FactAssembler assembler, EventGroupCommit eventWriter, ProfileService profiles,
                    CapReservations reservations, DecisionRecorder recorder, Identities identities,
                    CustomerReader customers, Outbox outbox,
                    RulesConfig rulesConfig, Journeys journeys, DecisionMetrics metrics, DatabaseWrites databaseWrites,
                    DecisionConfig config, Clock clock) {
        this.rulesets = rulesets;
        this.rollout = rollout;
        this.assembler = assembler;
        this.eventWriter = eventWriter;
        this.profiles = profiles;
        this.reservations = reservations;
        this.recorder = recorder;
        this.identities = identities;
        this.customers = customers;
        this.outbox = outbox;
        this.rulesConfig = rulesConfig;
        this.journeys = journeys;
        this.metrics = metrics;
        this.databaseWrites = databaseWrites;
        this.config = config;
        this.clock = clock;
    }

    /** A decision no caller waits on, or one whose caller waits as long as it takes (tests, tools). */
    public Decision decide(DecisionQuery asked) {
        return decide(asked, DecisionDeadline.NONE);
    }

    /** A decision made for a caller who waits until {@code deadline}, which may abandon it at any step. */
    public Decision decide(DecisionQuery asked, DecisionDeadline deadline) {
        long started = System.nanoTime();
        String kind = asked.dryRun() ? DecisionMetrics.DRY_RUN : DecisionMetrics.REQUEST;
        String decisionId = UUID.randomUUID().toString();
        // Every log line written while deciding names the decision (the JSON logs carry the MDC).
        MDC.put(DECISION_ID, decisionId);
        try {
            Decision decision = decide(asked, decisionId, started, deadline);
            metrics.decided(kind, decision, started);
            return decision;
        } catch (RuntimeException failed) {
            metrics.failed(kind, started, failed);
            throw failed;
        }
    }

    private Decision decide(DecisionQuery asked, String decisionId, long started, DecisionDeadline deadline) {
        // Queued for a worker while the caller's deadline passed: nothing to do.
        deadline.requireDeciding();
        Ruleset active = rulesets.current().orElseThrow(NoActiveRulesetException::new);
        Canary canary = rollout.current().orElse(null);
        recorder.requireRoom();
        Instant serviceNow = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Instant now = asked.at() != null ? asked.at() : serviceNow;
        if (!asked.dryRun()) {
            CallerClockException.requireNear(asked.at(), serviceNow, config.atMaxSkew());
        }
        // A dry run shows the caps as they stood at its "at"; a real decision counts on the service's clock.
        ContactsMoment contacts = asked.dryRun() ? ContactsMoment.asOf(now) : ContactsMoment.reserving(serviceNow);
        // Read before this request's events are stored: they are facts of their own, not history. Which ruleset
        // decides is known once an alias is resolved, so the contacts read are those either ruleset's caps need.
        CustomerRead customer = customers.read(asked.customerId(),
                assembler.contactsFrom(capsOfEither(active, canary), contacts.at()), contacts.readUpTo());
        Ruleset ruleset = canary != null && canary.serves(customer.state().id()) ? canary.ruleset() : active;
        // An anonymous id linked to a customer is decided as that customer, with their history and caps.
        DecisionQuery query = asked.forCustomer(customer.state().id());
        List<IncomingEvent> current = query.events().stream().map(event -> complete(event, query, now)).toList();
        deadline.requireDeciding();
        // The events are committed while the rules run; nothing is reserved or answered before they are.
        EventsInFlight stored = query.dryRun() || current.isEmpty()
                ? EventsInFlight.NONE
                : eventWriter.submit(query.customerId(), current, clock.instant());

        DecisionFacts facts = assembler.assemble(customer, query, current, now, contacts.at(), ruleset.caps(), null);
        RuleLimits limits = RuleLimits.of(rulesConfig);
        Evaluation evaluation;
        try {
            // A dry run reserves nothing: it shows what would be decided, caps as they stand.
            evaluation = query.dryRun()
                    ? RuleEvaluator.evaluate(ruleset, facts, limits)
                    : reservations.evaluateAndReserve(ruleset, facts, limits, first -> {
                        Restamp owed = stored.await();
                        databaseWrites.requireFor(first, current);
                        deadline.requireDeciding(); // the last moment before anything is reserved
                        return owed;
                    });
        } catch (RuntimeException rulesFailed) {
            // The events stand even so, as when they were stored before the rules ran; a failed store is the error told.
            stored.await().send();
            throw rulesFailed;
        }
        // Other replicas learn of the events before the answer: sent here unless a reservation carried it.
        Restamp restamp = stored.await();
        restamp.send();
        Decision decision;
        try {
            if (!query.dryRun()) {
                withdrawConsents(query.customerId(), current);
            }
            // The copy this decision was made from is still current (its own events taken on) unless another
            // change was stamped meanwhile: then it can take the journey moves on too.
            List<JourneyChange> journeyChanges = query.dryRun()
                    ? Journeys.proposed(evaluation.journeyMoves(), facts.context())
                    : applyJourneyMoves(query.customerId(), evaluation, facts, ruleset, decisionId, restamp.stampAfter(customer.stamp()));
            decision = answer(decisionId, asked, query, ruleset, now, facts, evaluation, journeyChanges, started);
            if (!deadline.commit()) {
                throw new DeadlineExceededException(deadline.limit());
            }
        } catch (RuntimeException notAnswered) {
            // No answer, no contact: what was reserved is given back (journey moves and withdrawn consents stand,
            // as the stored events that caused them do; the caller's retry decides from there).
            reservations.release(query.customerId(), evaluation.contacts());
            throw notAnswered;
        }
        recorder.record(query, current, decision, evaluation.contacts());
        if (!query.dryRun() && outbox.delivers(decision)) {
            outbox.enqueue(query.customerId(), decision);
        }
        return decision;
    }

    private List<JourneyChange> applyJourneyMoves(String customerId, Evaluation evaluation, DecisionFacts facts,
                                                  Ruleset ruleset, String decisionId, String knownStamp) {
        if (evaluation.journeyMoves().isEmpty()) {
            return List.of();
        }
        return journeys.apply(customerId, evaluation.journeyMoves(), facts.context(), ruleset.version(), decisionId, null,
                knownStamp);
    }

    /**
     * What a decision would be, with the full trace of the rule session: always a dry run (nothing is
     * stored, reserved or recorded), against the active ruleset or a candidate one.
     */
    public Simulation simulate(DecisionQuery asked, Ruleset candidate) {
        long started = System.nanoTime();
        DecisionQuery query = asked.forCustomer(identities.canonical(asked.customerId())).asDryRun();
        Ruleset ruleset = candidate != null ? candidate
                : rollout.forCustomer(rulesets.current().orElseThrow(NoActiveRulesetException::new), query.customerId());
        Instant now = query.at() != null ? query.at() : clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<IncomingEvent> current = query.events().stream().map(event -> complete(event, query, now)).toList();
        DecisionFacts facts = assembler.assemble(query, current, now, ruleset.caps());
        Trace trace = new Trace();
        Evaluation evaluation;
        try {
            evaluation = RuleEvaluator.evaluate(ruleset, facts, RuleLimits.of(rulesConfig), trace);
        } catch (RunawayRulesException runaway) {
            metrics.stoppedRules(runaway); // a candidate's runaway is the analyst's to see, before it goes live
            throw runaway;
        }
        Decision decision = answer(UUID.randomUUID().toString(), asked, query, ruleset, now, facts, evaluation,
                Journeys.proposed(evaluation.journeyMoves(), facts.context()), started);
        return new Simulation(decision, trace.facts(), trace.firings());
    }

    /** A simulated decision and how it came about. */
    public record Simulation(Decision decision, List<String> facts, List<Trace.Firing> firings) {
    }

    /** The answer to a decision: its actions, what was set aside and why, its journey changes. */
    static Decision answer(String decisionId, DecisionQuery asked, DecisionQuery query, Ruleset ruleset,
                                   Instant now, DecisionFacts facts, Evaluation evaluation,
                                   List<JourneyChange> journeyChanges, long started) {
        List<Decision.Action> actions = evaluation.chosen().stream().map(chosen -> action(chosen, facts)).toList();
        List<Decision.Suppressed> suppressed = evaluation.setAside().stream()
                .map(aside -> new Decision.Suppressed(aside.candidate().getActionId(), aside.candidate().getChannel(),
                        aside.reason(), aside.detail(), aside.suppressedBy(), aside.proposedBy()))
                .toList();
        long tookMicros = (System.nanoTime() - started) / 1_000;
        return new Decision(decisionId, asked.customerId(), ruleset.version(), now,
                query.dryRun(), actions, suppressed, journeyChanges, evaluation.firedRules(), evaluation.failedRules(),
                tookMicros);
    }

    private static List<CapDeclaration> capsOfEither(Ruleset active, Canary canary) {
        if (canary == null) {
            return active.caps();
        }
        List<CapDeclaration> both = new java.util.ArrayList<>(active.caps());
        both.addAll(canary.ruleset().caps());
        return both;
    }

    /** An unsubscribe among the request's (stored) events withdraws the consent in the profile. */
    private void withdrawConsents(String customerId, List<IncomingEvent> current) {
        current.stream().flatMap(event -> ConsentEvents.withdrawal(event).stream())
                .forEach(withdrawal -> profiles.withdrawConsent(customerId, withdrawal.channel()));
    }

    private static IncomingEvent complete(IncomingEvent event, DecisionQuery query, Instant now) {
        return new IncomingEvent(
                event.id() != null ? event.id() : UUID.randomUUID().toString(),
                event.type(),
                event.occurredAt() != null ? event.occurredAt() : now,
                event.channel() != null ? event.channel() : query.channel(),
                event.attributes());
    }

    private static Decision.Action action(Evaluation.Chosen chosen, DecisionFacts facts) {
        Candidate candidate = chosen.candidate();
        return new Decision.Action(candidate.getActionId(), candidate.getChannel(), candidate.getPriority(),
                candidate.getScore(), candidate.getCategory(), candidate.getSendTime().sendAt(facts.context()),
                candidate.getSendTime().sendBy(facts.context()), chosen.proposedBy(), candidate.getPayload(),
                candidate.getExperiment(), candidate.getVariant(), chosen.failedOpen() ? Boolean.TRUE : null);
    }
}
