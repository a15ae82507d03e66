package io.nextbest.decision;

import io.nextbest.delivery.Outbox;
import io.nextbest.events.EventGroupCommit;
import io.nextbest.events.EventsInFlight;
import io.nextbest.events.IncomingEvent;
import io.nextbest.facts.Candidate;
import io.nextbest.journeys.JourneyChange;
import io.nextbest.journeys.Journeys;
import io.nextbest.profile.ConsentEvents;
import io.nextbest.profile.Identities;
import io.nextbest.profile.ProfileService;
import io.nextbest.records.DecisionRecorder;
import io.nextbest.rules.ActiveRuleset;
import io.nextbest.rules.CanaryRollout;
import io.nextbest.rules.RulesConfig;
import io.nextbest.rules.RulesInForce;
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
        RulesInForce rules = rollout.inForce(rulesets.current().orElseThrow(NoActiveRulesetException::new));
        recorder.requireRoom();
        Instant serviceNow = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return asked.dryRun()
                ? dryRun(asked, rules, decisionId, started, serviceNow, deadline)
                : takeEffect(asked, rules, decisionId, started, serviceNow, deadline);
    }

    /**
     * A decision that takes effect, straight through: read the customer, store the events while the rules run,
     * reserve what they chose once the events are safe, tell the other replicas, apply the journey moves, answer,
     * record. Nothing is reserved for a decision whose events were not stored, and what was reserved is given
     * back when no answer leaves.
     */
    private Decision takeEffect(DecisionQuery asked, RulesInForce rules, String decisionId, long started, Instant serviceNow,
                                DecisionDeadline deadline) {
        CallerClockException.requireNear(asked.at(), serviceNow, config.atMaxSkew());
        Instant now = asked.at() != null ? asked.at() : serviceNow;
        // Caps are counted, and contacts made, on the service's clock.
        Found found = find(asked, rules, ContactsMoment.reserving(serviceNow), now);
        Ruleset ruleset = found.ruleset();
        DecisionQuery query = found.query();
        List<IncomingEvent> current = found.events();
        DecisionFacts facts = found.facts();
        deadline.requireDeciding();
        CustomerUpdate update = new CustomerUpdate(found.customer().stamp(),
                eventWriter.submit(query.customerId(), current, clock.instant()));
        RuleLimits limits = RuleLimits.of(rulesConfig);
        Evaluation evaluation;
        try {
            Evaluation proposed = RuleEvaluator.evaluate(ruleset, facts, limits);
            Restamp owed = update.eventsStored();
            databaseWrites.requireFor(proposed, current);
            deadline.requireDeciding(); // the last moment before anything is reserved
            evaluation = reservations.reserve(ruleset, facts, proposed, limits, owed);
        } finally {
            // The events stand whatever the rules did; other replicas learn of them before any answer (a failed
            // store is the error told).
            update.announce();
        }
        Decision decision;
        try {
            withdrawConsents(query.customerId(), current);
            List<JourneyChange> journeyChanges = evaluation.journeyMoves().isEmpty() ? List.of()
                    : journeys.apply(query.customerId(), evaluation.journeyMoves(), facts.context(), ruleset.version(),
                            decisionId, null, update.stampNow());
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
        if (outbox.delivers(decision)) {
            outbox.enqueue(query.customerId(), decision);
        }
        return decision;
    }

    /**
     * What would be decided, with the caps as they stood at the request's "at": nothing is stored, reserved or
     * sent; the journey moves are proposed, not applied. Recorded, as every decision is.
     */
    private Decision dryRun(DecisionQuery asked, RulesInForce rules, String decisionId, long started, Instant serviceNow,
                            DecisionDeadline deadline) {
        Instant now = asked.at() != null ? asked.at() : serviceNow;
        Found found = find(asked, rules, ContactsMoment.asOf(now), now);
        Evaluation evaluation = RuleEvaluator.evaluate(found.ruleset(), found.facts(), RuleLimits.of(rulesConfig));
        Decision decision = answer(decisionId, asked, found.query(), found.ruleset(), now, found.facts(), evaluation,
                Journeys.proposed(evaluation.journeyMoves(), found.facts().context()), started);
        if (!deadline.commit()) {
            throw new DeadlineExceededException(deadline.limit());
        }
        recorder.record(found.query(), found.events(), decision, List.of());
        return decision;
    }

    /**
     * What a decision starts from: its customer, read before the request's events are stored (they are facts of
     * their own, not history), an alias resolved to the customer it stands for, with the contacts either ruleset
     * in force counts; the ruleset that decides for them; the request's events; the facts the rules are given.
     */
    private Found find(DecisionQuery asked, RulesInForce rules, ContactsMoment contacts, Instant now) {
        CustomerRead customer = customers.read(asked.customerId(), assembler.contactsFrom(rules.capsOfEither(), contacts.at()),
                contacts.readUpTo());
        Ruleset ruleset = rules.forCustomer(customer.state().id());
        DecisionQuery query = asked.forCustomer(customer.state().id());
        List<IncomingEvent> events = completed(query, now);
        DecisionFacts facts = assembler.assemble(customer, query, events, now, contacts.at(), ruleset.caps(), null);
        return new Found(customer, ruleset, query, events, facts);
    }

    /** @param query the request as decided: for the customer an alias stands for */
    private record Found(CustomerRead customer, Ruleset ruleset, DecisionQuery query, List<IncomingEvent> events,
                         DecisionFacts facts) {
    }

    /**
     * What a decision would be, with the full trace of the rule session: always a dry run (nothing is
     * stored, reserved or recorded), against the active ruleset or a candidate one.
     */
    public Simulation simulate(DecisionQuery asked, Ruleset candidate) {
        long started = System.nanoTime();
        DecisionQuery query = asked.forCustomer(identities.canonical(asked.customerId())).asDryRun();
        Ruleset ruleset = candidate != null ? candidate
                : rollout.inForce(rulesets.current().orElseThrow(NoActiveRulesetException::new)).forCustomer(query.customerId());
        Instant now = query.at() != null ? query.at() : clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<IncomingEvent> current = completed(query, now);
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

    /** An unsubscribe among the request's (stored) events withdraws the consent in the profile. */
    private void withdrawConsents(String customerId, List<IncomingEvent> current) {
        current.stream().flatMap(event -> ConsentEvents.withdrawal(event).stream())
                .forEach(withdrawal -> profiles.withdrawConsent(customerId, withdrawal.channel()));
    }

    /** The request's events with what the caller left out: an id, when they happened, on which channel. */
    private static List<IncomingEvent> completed(DecisionQuery query, Instant now) {
        return query.events().stream().map(event -> complete(event, query, now)).toList();
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
