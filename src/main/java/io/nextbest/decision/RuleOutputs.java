package io.nextbest.decision;

import io.nextbest.facts.Candidate;
import io.nextbest.facts.JourneyMove;
import io.nextbest.facts.Selection;
import io.nextbest.facts.Suppression;
import io.nextbest.rules.Phase;
import io.nextbest.rules.RuleFailureListener;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.drools.base.definitions.rule.impl.RuleImpl;
import org.kie.api.definition.rule.Rule;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.ObjectDeletedEvent;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.event.rule.ObjectUpdatedEvent;
import org.kie.api.event.rule.RuleRuntimeEventListener;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;
import org.kie.api.runtime.rule.Match;

/**
 * What one decision's rules produced, gathered as it happens: the candidates, selections, suppressions and
 * journey moves in the order they were inserted, which rule inserted each, and the rules fired. Reading them
 * back from the session afterwards would walk every fact once per kind. One per decision, never shared.
 *
 * <p>A firing whose then-part throws is contained here: what it inserted is deleted again, and a failed rule of
 * a phase that guards candidates (eligibility, arbitration) sets aside what it guarded, so a broken rule fails
 * closed; the other rules go on firing.
 */
final class RuleOutputs extends DefaultAgendaEventListener implements RuleRuntimeEventListener, RuleFailureListener {
    private final List<Candidate> candidates = new ArrayList<>();
    private final List<Selection> selections = new ArrayList<>();
    private final List<Suppression> suppressions = new ArrayList<>();
    private final List<JourneyMove> moves = new ArrayList<>();
    /** Only outputs are kept: the inputs (customer, events, …) are never asked for. */
    private final Map<Object, String> insertedBy = new IdentityHashMap<>();
    private final List<String> fired = new ArrayList<>();
    private final List<Failure> failures = new ArrayList<>();
    /** The facts the firing under way inserted so far: what is withdrawn if it fails. */
    private final List<FactHandle> insertedByFiring = new ArrayList<>();
    private boolean firingFailed;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** The session watched: a failed firing is undone in it, and the time budget halts it. */
    private final KieSession session;
    private long budgetNanos = Long.MAX_VALUE;
    private long startedNanos;
    private long startedCpuNanos;
    private boolean halted;

    RuleOutputs(KieSession session) {
        this.session = session;
    }

    /** @param reason what went wrong, for the analyst (see {@link FailedRule#reasonOf}) */
    record Failure(String rule, String phase, String reason) {
    }

    @Override
    public void objectInserted(ObjectInsertedEvent event) {
        Object fact = event.getObject();
        if (event.getRule() != null) {
            insertedByFiring.add(event.getFactHandle());
        }
        if (add(fact) && event.getRule() != null) {
            insertedBy.put(fact, event.getRule().getName());
        }
    }

    @Override
    public void objectUpdated(ObjectUpdatedEvent event) {
        // update(handle, another object) swaps the fact: the new one is a fact no rule inserted.
        if (event.getOldObject() != event.getObject() && remove(event.getOldObject())) {
            add(event.getObject());
        }
    }

    @Override
    public void objectDeleted(ObjectDeletedEvent event) {
        remove(event.getOldObject());
    }

    /**
     * Halts the session after the first firing that ends with more than {@code budget} of this thread's
     * CPU time spent: CPU, not wall time, so decisions waiting for a core under load are not stopped.
     */
    void haltAfter(Duration budget) {
        this.budgetNanos = budget.toNanos();
        this.startedNanos = System.nanoTime();
        this.startedCpuNanos = THREADS.getCurrentThreadCpuTime();
    }

    /** True when the time budget ran out and the session was halted before the rules were done. */
    boolean halted() {
        return halted;
    }

    @Override
    public void beforeMatchFired(BeforeMatchFiredEvent event) {
        insertedByFiring.clear();
        firingFailed = false;
    }

    @Override
    public void ruleFailed(Match match, Exception failure) {
        String rule = match.getRule().getName();
        String phase = phaseOf(match.getRule());
        failures.add(new Failure(rule, phase, FailedRule.reasonOf(failure)));
        firingFailed = true;
        for (FactHandle inserted : List.copyOf(insertedByFiring)) {
            if (session.getObject(inserted) != null) {
                session.delete(inserted);
            }
        }
        if (Phase.failsClosed(phase)) {
            for (Candidate guarded : guardedBy(match)) {
                Suppression suppression = Suppression.of(guarded, FailedRule.RULE_FAILED,
                        "Set aside unchecked: rule \"" + rule + "\" failed");
                session.insert(suppression);
                insertedBy.put(suppression, rule);
            }
        }
    }

    /**
     * The candidates a failed guarding rule was judging, or all of them when its match holds none (a rule about
     * the customer or the moment guards everything); those already set aside stay as they are.
     */
    private List<Candidate> guardedBy(Match match) {
        List<Candidate> inMatch = match.getObjects().stream()
                .filter(Candidate.class::isInstance).map(Candidate.class::cast)
                .filter(candidate -> candidates.stream().anyMatch(live -> live == candidate))
                .toList();
        return (inMatch.isEmpty() ? candidates : inMatch).stream()
                .filter(candidate -> suppressions.stream().noneMatch(s -> s.getCandidate() == candidate))
                .toList();
    }

    private static String phaseOf(Rule rule) {
        return rule instanceof RuleImpl impl ? impl.getAgendaGroup() : null;
    }

    /** The rules that threw, once per failed firing, in order. */
    List<Failure> failures() {
        return failures;
    }

    @Override
    public void afterMatchFired(AfterMatchFiredEvent event) {
        // A failed firing was undone: the rule is named among the failures, not among the rules that fired.
        if (!firingFailed) {
            fired.add(event.getMatch().getRule().getName());
        }
        // A thread's CPU time never exceeds the wall time it has lived: the cheap clock first, so a decision
        // within its budget reads no CPU clock (a system call) per firing.
        if (!halted && System.nanoTime() - startedNanos > budgetNanos
                && THREADS.getCurrentThreadCpuTime() - startedCpuNanos > budgetNanos) {
            halted = true;
            session.halt();
        }
    }

    /** In insertion order, like the lists below. */
    List<Candidate> candidates() {
        return candidates;
    }

    /** In insertion order; the caller ranks them. */
    List<Selection> selections() {
        return selections;
    }

    List<Suppression> suppressions() {
        return suppressions;
    }

    List<JourneyMove> moves() {
        return moves;
    }

    /** The rule that inserted an output, null when the service did. */
    String by(Object output) {
        return insertedBy.get(output);
    }

    /** Each rule once, in the order it first fired. */
    List<String> firedInOrder() {
        return List.copyOf(new LinkedHashSet<>(fired));
    }

    String mostFired() {
        Map<String, Integer> counts = new HashMap<>();
        String most = "?";
        int highest = 0;
        for (String rule : fired) {
            int count = counts.merge(rule, 1, Integer::sum);
            if (count > highest) {
                highest = count;
                most = rule;
            }
        }
        return most;
    }

    private boolean add(Object fact) {
        if (fact instanceof Candidate candidate) {
            return candidates.add(candidate);
        } else if (fact instanceof Selection selection) {
            return selections.add(selection);
        } else if (fact instanceof Suppression suppression) {
            return suppressions.add(suppression);
        } else if (fact instanceof JourneyMove move) {
            return moves.add(move);
        }
        return false;
    }

    private boolean remove(Object fact) {
        List<?> outputs = fact instanceof Candidate ? candidates : fact instanceof Selection ? selections
                : fact instanceof Suppression ? suppressions : fact instanceof JourneyMove ? moves : null;
        if (outputs == null) {
            return false;
        }
        for (int i = 0; i < outputs.size(); i++) {
            if (outputs.get(i) == fact) {
                // Who inserted it stays known: a suppression may still name a deleted candidate.
                outputs.remove(i);
                return true;
            }
        }
        return false;
    }
}
