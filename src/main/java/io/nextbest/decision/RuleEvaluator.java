package io.nextbest.decision;

import io.nextbest.facts.Candidate;
import io.nextbest.facts.Event;
import io.nextbest.facts.Journey;
import io.nextbest.facts.JourneyMove;
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
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.DefaultRuleRuntimeEventListener;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.ConsequenceException;

/**
 * Runs one decision's facts through an empty session of a ruleset, phase by phase, and records which rule
 * proposed, suppressed and selected what. A session serves one decision at a time and comes back empty
 * (see {@link SessionPool}); its listeners are per decision, so provenance never carries over.
 */
public final class RuleEvaluator {
    public static final String NOT_SELECTED = "NOT_SELECTED";

    private RuleEvaluator() {
    }

    public static Evaluation evaluate(Ruleset ruleset, DecisionFacts facts, int maxFirings) {
        return evaluate(ruleset, facts, maxFirings, null);
    }

    /** @param trace records every fact and firing when given (simulation); null for decisions */
    public static Evaluation evaluate(Ruleset ruleset, DecisionFacts facts, int maxFirings, Trace trace) {
        SessionPool pool = ruleset.sessions();
        KieSession session = pool.borrow();
        boolean completed = false;
        try {
            Provenance provenance = new Provenance();
            session.addEventListener(provenance);
            session.addEventListener(provenance.firings);
            if (trace != null) {
                session.addEventListener((org.kie.api.event.rule.AgendaEventListener) trace);
                session.addEventListener((org.kie.api.event.rule.RuleRuntimeEventListener) trace);
            }
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
            // The focus is a stack: the last group given focus fires first.
            List<String> phases = Phase.agendaGroups();
            for (int i = phases.size() - 1; i >= 0; i--) {
                session.getAgenda().getAgendaGroup(phases.get(i)).setFocus();
            }
            int fired = fire(session, maxFirings);
            if (fired >= maxFirings) {
                throw new RunawayRulesException(maxFirings, provenance.firings.mostFired());
            }
            Evaluation evaluation = collect(session, provenance);
            completed = true;
            return evaluation;
        } finally {
            // A session a rule broke, or the firing limit stopped halfway, is never lent again.
            if (completed) {
                pool.giveBack(session);
            } else {
                pool.discard(session);
            }
        }
    }

    private static int fire(KieSession session, int maxFirings) {
        try {
            return session.fireAllRules(maxFirings);
        } catch (ConsequenceException failed) {
            throw new RuleFailedException(failed.getMatch().getRule().getName(), failed.getCause());
        }
    }

    private static Evaluation collect(KieSession session, Provenance provenance) {
        List<Candidate> candidates = factsOf(session, Candidate.class);
        List<Selection> selections = factsOf(session, Selection.class);
        selections.sort(Comparator.comparingInt(Selection::getRank));
        List<Suppression> suppressions = factsOf(session, Suppression.class);
        suppressions.sort(Comparator.comparingInt(provenance::order));

        Set<Candidate> selected = selections.stream().map(Selection::getCandidate)
                .collect(Collectors.toCollection(() -> Collections.newSetFromMap(new IdentityHashMap<>())));
        Set<Candidate> suppressed = suppressions.stream().map(Suppression::getCandidate)
                .collect(Collectors.toCollection(() -> Collections.newSetFromMap(new IdentityHashMap<>())));

        List<Evaluation.Chosen> chosen = selections.stream()
                .filter(selection -> !suppressed.contains(selection.getCandidate()))
                .map(selection -> new Evaluation.Chosen(selection.getCandidate(), provenance.by(selection.getCandidate())))
                .toList();
        List<Evaluation.SetAside> setAside = new ArrayList<>();
        for (Suppression suppression : suppressions) {
            Candidate candidate = suppression.getCandidate();
            setAside.add(new Evaluation.SetAside(candidate, provenance.by(candidate), suppression.getReason(),
                    suppression.getDetail(), provenance.by(suppression)));
        }
        candidates.sort(Comparator.comparingInt(provenance::order));
        for (Candidate candidate : candidates) {
            if (!selected.contains(candidate) && !suppressed.contains(candidate)) {
                setAside.add(new Evaluation.SetAside(candidate, provenance.by(candidate), NOT_SELECTED,
                        "No arbitration rule selected it", null));
            }
        }
        List<JourneyMove> moves = factsOf(session, JourneyMove.class);
        moves.sort(Comparator.comparingInt(provenance::order));
        return new Evaluation(chosen, setAside, provenance.firings.inOrder(),
                moves.stream().map(move -> new Journeys.RuledMove(move, provenance.by(move))).toList());
    }

    private static <T> List<T> factsOf(KieSession session, Class<T> type) {
        return session.getObjects(type::isInstance).stream().map(type::cast)
                .collect(Collectors.toCollection(ArrayList::new));
    }

    /** Which rule inserted each fact, and in what order, without analysts having to write it down. */
    private static final class Provenance extends DefaultRuleRuntimeEventListener {
        private final Map<Object, String> insertedBy = new IdentityHashMap<>();
        private final Map<Object, Integer> insertionOrder = new IdentityHashMap<>();
        private final Firings firings = new Firings();

        @Override
        public void objectInserted(ObjectInsertedEvent event) {
            Object fact = event.getObject();
            insertionOrder.put(fact, insertionOrder.size());
            if (event.getRule() != null) {
                insertedBy.put(fact, event.getRule().getName());
            }
        }

        String by(Object fact) {
            return insertedBy.get(fact);
        }

        int order(Object fact) {
            return insertionOrder.getOrDefault(fact, Integer.MAX_VALUE);
        }
    }

    private static final class Firings extends DefaultAgendaEventListener {
        private final List<String> fired = new ArrayList<>();

        @Override
        public void afterMatchFired(AfterMatchFiredEvent event) {
            fired.add(event.getMatch().getRule().getName());
        }

        /** Each rule once, in the order it first fired. */
        List<String> inOrder() {
            return fired.stream().distinct().toList();
        }

        String mostFired() {
            return fired.stream().collect(Collectors.groupingBy(Function.identity(), HashMap::new, Collectors.counting()))
                    .entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("?");
        }
    }
}
