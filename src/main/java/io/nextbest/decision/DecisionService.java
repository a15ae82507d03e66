package io.nextbest.decision;

import io.nextbest.caps.ContactLog;
import io.nextbest.events.EventStore;
import io.nextbest.events.IncomingEvent;
import io.nextbest.facts.Candidate;
import io.nextbest.facts.Contact;
import io.nextbest.profile.ConsentEvents;
import io.nextbest.profile.ProfileService;
import io.nextbest.rules.ActiveRuleset;
import io.nextbest.rules.RulesConfig;
import io.nextbest.rules.Ruleset;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Decides the next best action: store what the customer did, gather the facts, run the rules, record contacts. */
@ApplicationScoped
public class DecisionService {
    private final ActiveRuleset rulesets;
    private final FactAssembler assembler;
    private final EventStore events;
    private final ProfileService profiles;
    private final ContactLog contactLog;
    private final RulesConfig rulesConfig;
    private final Clock clock;

    DecisionService(ActiveRuleset rulesets, FactAssembler assembler, EventStore events, ProfileService profiles,
                    ContactLog contactLog, RulesConfig rulesConfig, Clock clock) {
        this.rulesets = rulesets;
        this.assembler = assembler;
        this.events = events;
        this.profiles = profiles;
        this.contactLog = contactLog;
        this.rulesConfig = rulesConfig;
        this.clock = clock;
    }

    public Decision decide(DecisionQuery query) {
        long started = System.nanoTime();
        Ruleset ruleset = rulesets.current().orElseThrow(NoActiveRulesetException::new);
        Instant now = query.at() != null ? query.at() : clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<IncomingEvent> current = query.events().stream().map(event -> complete(event, query, now)).toList();
        if (!query.dryRun()) {
            remember(query.customerId(), current);
        }

        DecisionFacts facts = assembler.assemble(query, current, now);
        Evaluation evaluation = RuleEvaluator.evaluate(ruleset, facts, rulesConfig.maxFiringsPerDecision());

        List<Decision.Action> actions = new ArrayList<>();
        List<Contact> contacts = new ArrayList<>();
        for (Evaluation.Chosen chosen : evaluation.chosen()) {
            Decision.Action action = action(chosen, facts);
            actions.add(action);
            // Internal actions (sales alerts, audience updates) reach no customer, so they are no contact.
            // A contact counts from the moment it is decided, so a send scheduled for tomorrow already counts today.
            if (chosen.candidate().isContact()) {
                contacts.add(new Contact(action.actionId(), action.channel(), action.category(), now));
            }
        }
        if (!query.dryRun()) {
            contactLog.record(query.customerId(), contacts);
        }
        List<Decision.Suppressed> suppressed = evaluation.setAside().stream()
                .map(aside -> new Decision.Suppressed(aside.candidate().getActionId(), aside.candidate().getChannel(),
                        aside.reason(), aside.detail(), aside.suppressedBy(), aside.proposedBy()))
                .toList();
        long tookMicros = (System.nanoTime() - started) / 1_000;
        return new Decision(UUID.randomUUID().toString(), query.customerId(), ruleset.version(), now, query.dryRun(),
                actions, suppressed, evaluation.firedRules(), tookMicros);
    }

    /** Stores the request's events (a replayed id is stored once) and applies unsubscribes to the profile. */
    private void remember(String customerId, List<IncomingEvent> current) {
        if (current.isEmpty()) {
            return;
        }
        events.store(customerId, current, clock.instant());
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
                candidate.getSendTime().sendBy(facts.context()), chosen.proposedBy(), candidate.getPayload());
    }
}
