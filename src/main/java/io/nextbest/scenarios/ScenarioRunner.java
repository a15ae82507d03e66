package io.nextbest.scenarios;

import io.nextbest.decision.DecisionFacts;
import io.nextbest.decision.Evaluation;
import io.nextbest.decision.RuleEvaluator;
import io.nextbest.decision.FailedRule;
import io.nextbest.decision.RuleFailedException;
import io.nextbest.decision.RuleLimits;
import io.nextbest.decision.RunawayRulesException;
import io.nextbest.facts.Contact;
import io.nextbest.facts.ContactCaps;
import io.nextbest.facts.ContactHistory;
import io.nextbest.facts.Context;
import io.nextbest.facts.Customer;
import io.nextbest.facts.Event;
import io.nextbest.facts.Journey;
import io.nextbest.facts.JourneyMove;
import io.nextbest.journeys.Journeys;
import io.nextbest.facts.QuietHours;
import io.nextbest.rules.Ruleset;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Runs scenarios against a ruleset, in memory: no database, no Redis, the same rule session as decisions. */
public final class ScenarioRunner {
    static final String DEFAULT_QUIET_HOURS = "21:00-08:00";
    /** Generous on time: scenarios run in the background at the lowest priority while decisions are served. */
    static final RuleLimits LIMITS = new RuleLimits(10_000, java.time.Duration.ofSeconds(10));

    private ScenarioRunner() {
    }

    /**
     * @param failures    what did not match, in the analyst's words; empty when the scenario passed
     * @param stoppedRule the rule that fired most when a limit stopped the rules; null when they finished
     */
    public record Result(String name, boolean passed, List<String> failures, List<String> actions,
                         Map<String, String> suppressed, Map<String, String> journeys, List<String> firedRules,
                         String stoppedRule) {
    }

    public static Result run(Ruleset ruleset, Scenario scenario) {
        return run(ruleset, scenario, LIMITS);
    }

    /** @param limits how far the scenario's rules may go (what is left of a build's budget, at most {@link #LIMITS}) */
    public static Result run(Ruleset ruleset, Scenario scenario, RuleLimits limits) {
        Evaluation evaluation;
        DecisionFacts facts;
        try {
            facts = facts(ruleset, scenario);
            evaluation = RuleEvaluator.evaluate(ruleset, facts, limits);
        } catch (RuleFailedException failed) {
            return new Result(scenario.name(), false, List.of(failed.getMessage()), List.of(), Map.of(), Map.of(),
                    List.of(), null);
        } catch (RunawayRulesException stopped) {
            return new Result(scenario.name(), false, List.of(stopped.getMessage()), List.of(), Map.of(), Map.of(),
                    List.of(), stopped.mostFiredRule());
        }
        List<String> actions = evaluation.chosen().stream().map(chosen -> chosen.candidate().getActionId()).toList();
        Map<String, String> suppressed = new LinkedHashMap<>();
        evaluation.setAside().forEach(aside -> suppressed.putIfAbsent(aside.candidate().getActionId(), aside.reason()));
        Map<String, String> journeys = journeyOutcomes(evaluation.journeyMoves(), facts);
        // A rule that throws on the scenario's facts is contained live, but it is a failure the analyst must see.
        List<String> failures = new ArrayList<>(evaluation.failedRules().stream().map(FailedRule::describe).toList());
        failures.addAll(check(scenario.expect(), actions, suppressed, journeys, evaluation.firedRules()));
        return new Result(scenario.name(), failures.isEmpty(), failures, actions, suppressed, journeys,
                evaluation.firedRules(), null);
    }

    /** What happens to each journey, with the precedence the service applies: exit, move, complete, then enrol. */
    static Map<String, String> journeyOutcomes(List<Journeys.RuledMove> moves, DecisionFacts facts) {
        Map<String, String> outcomes = new LinkedHashMap<>();
        for (JourneyMove.Kind kind : List.of(JourneyMove.Kind.EXIT, JourneyMove.Kind.MOVE, JourneyMove.Kind.COMPLETE)) {
            moves.stream().map(Journeys.RuledMove::move).filter(move -> move.getKind() == kind)
                    .forEach(move -> outcomes.putIfAbsent(move.getJourney(), switch (kind) {
                        case EXIT -> "exit " + move.getReason();
                        case MOVE -> "move " + move.getStep();
                        default -> "complete";
                    }));
        }
        facts.dueJourney().ifPresent(due -> outcomes.putIfAbsent(due.getName(), "complete"));
        moves.stream().map(Journeys.RuledMove::move).filter(move -> move.getKind() == JourneyMove.Kind.ENROL)
                .forEach(move -> outcomes.putIfAbsent(move.getJourney(), "enrol " + move.getStep()));
        return outcomes;
    }

    private static List<String> check(Scenario.Expectation expect, List<String> actions, Map<String, String> suppressed,
                                      Map<String, String> journeys, List<String> fired) {
        List<String> failures = new ArrayList<>();
        if (expect == null) {
            return List.of("The scenario has no 'expect' section");
        }
        if (expect.actions() != null && !expect.actions().equals(actions)) {
            failures.add("expected actions " + expect.actions() + " but got " + actions);
        }
        if (expect.suppressed() != null) {
            expect.suppressed().forEach((action, reason) -> {
                if (!reason.equals(suppressed.get(action))) {
                    failures.add("expected " + action + " suppressed with " + reason + " but it was "
                            + (suppressed.containsKey(action) ? "suppressed with " + suppressed.get(action) : "not suppressed"));
                }
            });
        }
        if (expect.journeys() != null) {
            expect.journeys().forEach((journey, expected) -> {
                String actual = journeys.getOrDefault(journey, "none");
                if (!expected.trim().equals(actual)) {
                    failures.add("expected journey " + journey + " to " + expected + " but it did " + actual);
                }
            });
        }
        if (expect.fired() != null) {
            expect.fired().stream().filter(rule -> !fired.contains(rule))
                    .forEach(rule -> failures.add("expected rule \"" + rule + "\" to fire, it did not"));
        }
        if (expect.notFired() != null) {
            expect.notFired().stream().filter(fired::contains)
                    .forEach(rule -> failures.add("expected rule \"" + rule + "\" not to fire, it did"));
        }
        return failures;
    }

    static DecisionFacts facts(Ruleset ruleset, Scenario scenario) {
        if (scenario.at() == null) {
            throw new IllegalArgumentException("Scenario \"" + scenario.name() + "\" needs 'at', the decision's moment");
        }
        Instant now = scenario.at().toInstant();
        Customer customer = customer(scenario.customer());
        Context context = new Context(now, customer.getTimezone(), scenario.channel() == null ? "web" : scenario.channel(),
                scenario.limit() == null ? 1 : scenario.limit(), scenario.context() == null ? Map.of() : scenario.context());
        List<Event> events = new ArrayList<>();
        addEvents(events, scenario.history(), false, now);
        addEvents(events, scenario.events(), true, now);
        List<Contact> contacts = new ArrayList<>();
        if (scenario.contacts() != null) {
            int n = 0;
            for (Scenario.ScenarioContact contact : scenario.contacts()) {
                long hoursAgo = contact.hoursAgo() == null ? 0 : contact.hoursAgo();
                contacts.add(new Contact("scenario-" + n++, contact.action(), contact.channel(), contact.category(),
                        now.minus(Duration.ofHours(hoursAgo))));
            }
        }
        String quiet = scenario.customer() != null && scenario.customer().quietHours() != null
                ? scenario.customer().quietHours() : DEFAULT_QUIET_HOURS;
        boolean unavailable = Boolean.TRUE.equals(scenario.contactsUnavailable());
        return new DecisionFacts(customer, events, context, QuietHours.parse(quiet, context),
                new ContactHistory(unavailable ? List.of() : contacts, now),
                unavailable ? ContactCaps.unavailable(ruleset.caps(), now, customer.getTimezone())
                        : new ContactCaps(ruleset.caps(), contacts, now, customer.getTimezone(), Set.of()),
                journeys(scenario.journeys(), now));
    }

    private static List<Journey> journeys(List<Scenario.ScenarioJourney> specs, Instant now) {
        if (specs == null) {
            return List.of();
        }
        List<Journey> journeys = new ArrayList<>();
        for (Scenario.ScenarioJourney spec : specs) {
            if (spec.name() == null || spec.step() == null) {
                throw new IllegalArgumentException("A scenario journey needs a name and a step");
            }
            Instant since = now.minus(Duration.ofHours(orZero(spec.hoursAgo())).plusDays(orZero(spec.daysAgo())));
            journeys.add(new Journey("scenario-journey-" + journeys.size(), spec.name(), spec.step(), since, since,
                    Boolean.TRUE.equals(spec.due()), spec.attributes() == null ? Map.of() : spec.attributes(), now));
        }
        return journeys;
    }

    private static Customer customer(Scenario.ScenarioCustomer spec) {
        if (spec == null) {
            return Customer.anonymous("scenario-visitor", ZoneId.of("UTC"));
        }
        ZoneId zone = ZoneId.of(spec.timezone() == null ? "UTC" : spec.timezone());
        String id = spec.id() == null ? "scenario-customer" : spec.id();
        if (Boolean.TRUE.equals(spec.anonymous())) {
            return Customer.anonymous(id, zone);
        }
        return new Customer(id, true, spec.segment(), zone, spec.lifetimeValue() == null ? 0 : spec.lifetimeValue(),
                spec.journeyStage(), Boolean.TRUE.equals(spec.globalOptOut()),
                spec.consents() == null ? Set.of() : new HashSet<>(spec.consents()),
                spec.scores() == null ? Map.of() : spec.scores(), spec.attributes() == null ? Map.of() : spec.attributes());
    }

    private static void addEvents(List<Event> events, List<Scenario.ScenarioEvent> specs, boolean current, Instant now) {
        if (specs == null) {
            return;
        }
        for (Scenario.ScenarioEvent spec : specs) {
            Duration ago = Duration.ofMinutes(orZero(spec.minutesAgo()))
                    .plusHours(orZero(spec.hoursAgo())).plusDays(orZero(spec.daysAgo()));
            events.add(new Event("scenario-event-" + events.size(), spec.type(), now.minus(ago), spec.channel(),
                    spec.attributes() == null ? Map.of() : spec.attributes(), current, now));
        }
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
