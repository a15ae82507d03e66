package io.nextbest.decision;

import io.nextbest.facts.Candidate;
import io.nextbest.facts.Event;
import io.nextbest.facts.Journey;
import io.nextbest.journeys.Journeys;
import io.nextbest.facts.Responses;
import io.nextbest.facts.Selection;
import io.nextbest.facts.Suppression;
import io.nextbest.rules.Phase;
import io.nextbest.rules.Ruleset;
import io.nextbest.rules.SessionPool;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.drools.mvel.ConstraintEvaluationException;
import org.kie.api.event.rule.AgendaEventListener;
import org.kie.api.event.rule.RuleRuntimeEventListener;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.Agenda;

/**
 * Runs one decision's facts through an empty session of a ruleset, phase by phase, and records which rule
 * proposed, suppressed and selected what. A session serves one decision at a time and comes back empty
 * (see {@link SessionPool}); its listeners are per decision, so provenance never carries over.
 */
public final class RuleEvaluator {
    public static final String NOT_SELECTED = "NOT_SELECTED";
    /** The phases last first: the focus is a stack, and the last group given focus fires first. */
    private static final List<String> FOCUS_ORDER = reversed(Phase.agendaGroups());

    private RuleEvaluator() {
    }

    public static Evaluation evaluate(Ruleset ruleset, DecisionFacts facts, RuleLimits limits) {
        return evaluate(ruleset, facts, limits, null);
    }

    /** @param trace records every fact and firing when given (simulation); null for decisions */
    public static Evaluation evaluate(Ruleset ruleset, DecisionFacts facts, RuleLimits limits, Trace trace) {
        SessionPool pool = ruleset.sessions();
        KieSession session = pool.borrow();
        boolean reusable = false;
        try {
            RuleOutputs outputs = new RuleOutputs(session);
            session.addEventListener((AgendaEventListener) outputs);
            session.addEventListener((RuleRuntimeEventListener) outputs);
            if (trace != null) {
                session.addEventListener((AgendaEventListener) trace);
                session.addEventListener((RuleRuntimeEventListener) trace);
            }
            int fired;
            try {
                fired = insertAndFire(session, facts, limits, outputs);
            } catch (ConstraintEvaluationException failed) {
                // Matching stopped half-way (the session is not lent again): what the rules proposed until then cannot
                // be trusted, so the evaluation fails closed — nothing proposed — and names the rule.
                return failedClosed(outputs, FailedRule.inCondition(failed, ruleset));
            } catch (RuntimeException failed) {
                // Then-parts are contained and the limits are checked after firing: anything else thrown here comes
                // from a condition Drools evaluates on its own (an eval, a from or accumulate source).
                return failedClosed(outputs, FailedRule.inOtherCondition(failed, ruleset));
            }
            if (fired >= limits.maxFirings()) {
                throw new RunawayRulesException(limits.maxFirings(), outputs.mostFired());
            }
            if (outputs.halted()) {
                throw new RunawayRulesException(limits.timeBudget(), outputs.mostFired());
            }
            Evaluation evaluation = collect(outputs, ruleset);
            // Drools skips part of its clean-up after a failed firing: such a session is not lent again.
            reusable = outputs.failures().isEmpty();
            return evaluation;
        } finally {
            // A session a rule broke, or the firing limit stopped halfway, is never lent again.
            if (reusable) {
                pool.giveBack(session);
            } else {
                pool.discard(session);
            }
        }
    }

    /**
     * A then-part that throws is contained by the session (see {@link RuleOutputs}); a condition that throws
     * stops the matching itself, when the facts are inserted or while rules fire: {@link ConstraintEvaluationException}.
     */
    private static int insertAndFire(KieSession session, DecisionFacts facts, RuleLimits limits, RuleOutputs outputs) {
        session.insert(facts.customer());
        session.insert(facts.context());
        session.insert(facts.quietHours());
        session.insert(facts.contacts());
        session.insert(facts.caps());
        session.insert(new Responses(facts.events(), facts.customer().getTimezone()));
        for (Event event : facts.events()) {
            session.insert(event);
        }
        for (Journey journey : facts.journeys()) {
            session.insert(journey);
        }
        Agenda agenda = session.getAgenda();
        for (String phase : FOCUS_ORDER) {
            agenda.getAgendaGroup(phase).setFocus();
        }
        outputs.haltAfter(limits.timeBudget());
        return session.fireAllRules(limits.maxFirings());
    }

    /** Nothing chosen or moved; every candidate proposed before the failure set aside, naming the rule. */
    private static Evaluation failedClosed(RuleOutputs outputs, FailedRule failure) {
        List<Evaluation.SetAside> setAside = outputs.candidates().stream()
                .map(candidate -> new Evaluation.SetAside(candidate, outputs.by(candidate), FailedRule.RULE_FAILED,
                        "A condition of rule \"" + failure.rule() + "\" failed, so this decision proposes nothing",
                        failure.rule()))
                .toList();
        return new Evaluation(List.of(), setAside, outputs.firedInOrder(), List.of(), List.of(), List.of(failure));
    }

    private static Evaluation collect(RuleOutputs outputs, Ruleset ruleset) {
        List<Selection> selections = new ArrayList<>(outputs.selections());
        selections.sort(Comparator.comparingInt(Selection::getRank));
        List<Suppression> suppressions = outputs.suppressions();

        Set<Candidate> selected = Collections.newSetFromMap(new IdentityHashMap<>());
        selections.forEach(selection -> selected.add(selection.getCandidate()));
        Set<Candidate> suppressed = Collections.newSetFromMap(new IdentityHashMap<>());
        suppressions.forEach(suppression -> suppressed.add(suppression.getCandidate()));

        List<Evaluation.Chosen> chosen = new ArrayList<>(selections.size());
        for (Selection selection : selections) {
            if (!suppressed.contains(selection.getCandidate())) {
                chosen.add(new Evaluation.Chosen(selection.getCandidate(), outputs.by(selection.getCandidate())));
            }
        }
        List<Evaluation.SetAside> setAside = new ArrayList<>();
        for (Suppression suppression : suppressions) {
            Candidate candidate = suppression.getCandidate();
            setAside.add(new Evaluation.SetAside(candidate, outputs.by(candidate), suppression.getReason(),
                    suppression.getDetail(), outputs.by(suppression)));
        }
        for (Candidate candidate : outputs.candidates()) {
            if (!selected.contains(candidate) && !suppressed.contains(candidate)) {
                setAside.add(new Evaluation.SetAside(candidate, outputs.by(candidate), NOT_SELECTED,
                        "No arbitration rule selected it", null));
            }
        }
        List<Journeys.RuledMove> moves = new ArrayList<>(outputs.moves().size());
        outputs.moves().forEach(move -> moves.add(new Journeys.RuledMove(move, outputs.by(move))));
        List<FailedRule> failed = outputs.failures().stream()
                .map(failure -> FailedRule.in(ruleset, failure.rule(), failure.phase(), failure.reason())).toList();
        return new Evaluation(chosen, setAside, outputs.firedInOrder(), moves, List.of(), failed);
    }

    private static List<String> reversed(List<String> phases) {
        List<String> reversed = new ArrayList<>(phases);
        Collections.reverse(reversed);
        return List.copyOf(reversed);
    }
}
