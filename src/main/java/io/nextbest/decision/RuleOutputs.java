package io.nextbest.decision;

import io.nextbest.facts.Candidate;
import io.nextbest.facts.JourneyMove;
import io.nextbest.facts.Selection;
import io.nextbest.facts.Suppression;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.ObjectDeletedEvent;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.event.rule.ObjectUpdatedEvent;
import org.kie.api.event.rule.RuleRuntimeEventListener;
import org.kie.api.runtime.KieSession;

/**
 * What one decision's rules produced, gathered as it happens: the candidates, selections, suppressions and
 * journey moves in the order they were inserted, which rule inserted each, and the rules fired. Reading them
 * back from the session afterwards would walk every fact once per kind. One per decision, never shared.
 */
final class RuleOutputs extends DefaultAgendaEventListener implements RuleRuntimeEventListener {
    private final List<Candidate> candidates = new ArrayList<>();
    private final List<Selection> selections = new ArrayList<>();
    private final List<Suppression> suppressions = new ArrayList<>();
    private final List<JourneyMove> moves = new ArrayList<>();
    /** Only outputs are kept: the inputs (customer, events, …) are never asked for. */
    private final Map<Object, String> insertedBy = new IdentityHashMap<>();
    private final List<String> fired = new ArrayList<>();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private KieSession session;
    private long budgetNanos;
    private long startedNanos;
    private long startedCpuNanos;
    private boolean halted;

    @Override
    public void objectInserted(ObjectInsertedEvent event) {
        Object fact = event.getObject();
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
     * Halts {@code session} after the first firing that ends with more than {@code budget} of this thread's
     * CPU time spent: CPU, not wall time, so decisions waiting for a core under load are not stopped.
     */
    void haltAfter(KieSession session, Duration budget) {
        this.session = session;
        this.budgetNanos = budget.toNanos();
        this.startedNanos = System.nanoTime();
        this.startedCpuNanos = THREADS.getCurrentThreadCpuTime();
    }

    /** True when the time budget ran out and the session was halted before the rules were done. */
    boolean halted() {
        return halted;
    }

    @Override
    public void afterMatchFired(AfterMatchFiredEvent event) {
        fired.add(event.getMatch().getRule().getName());
        // A thread's CPU time never exceeds the wall time it has lived: the cheap clock first, so a decision
        // within its budget reads no CPU clock (a system call) per firing.
        if (session != null && !halted && System.nanoTime() - startedNanos > budgetNanos
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
