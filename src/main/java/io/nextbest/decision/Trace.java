package io.nextbest.decision;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.nextbest.rules.RuleFailureListener;
import java.util.ArrayList;
import java.util.List;
import org.drools.base.definitions.rule.impl.RuleImpl;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.event.rule.ObjectUpdatedEvent;
import org.kie.api.event.rule.RuleRuntimeEventListener;
import org.kie.api.event.rule.ObjectDeletedEvent;
import org.kie.api.runtime.rule.Match;

/**
 * The full story of one evaluation, for simulation: the facts the service inserted, then every rule
 * firing in order with its phase and what it inserted or changed.
 */
public final class Trace extends DefaultAgendaEventListener implements RuleRuntimeEventListener, RuleFailureListener {
    private final List<String> facts = new ArrayList<>();
    private final List<Firing> firings = new ArrayList<>();
    private Firing current;

    /**
     * One rule firing: {@code effects} lists the facts it inserted or modified, and for a failed firing, how it
     * was undone.
     *
     * @param failure why the firing failed; null (and left out) when it did not
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Firing(int order, String rule, String phase, List<String> effects, String failure) {
    }

    public List<String> facts() {
        return List.copyOf(facts);
    }

    public List<Firing> firings() {
        return firings.stream().map(f -> new Firing(f.order(), f.rule(), f.phase(), List.copyOf(f.effects()), f.failure())).toList();
    }

    @Override
    public void beforeMatchFired(BeforeMatchFiredEvent event) {
        String phase = event.getMatch().getRule() instanceof RuleImpl rule ? rule.getAgendaGroup() : null;
        current = new Firing(firings.size() + 1, event.getMatch().getRule().getName(), phase, new ArrayList<>(), null);
        firings.add(current);
    }

    @Override
    public void ruleFailed(Match match, Exception failure) {
        if (current != null) {
            Firing failed = new Firing(current.order(), current.rule(), current.phase(), current.effects(),
                    FailedRule.reasonOf(failure));
            firings.set(firings.size() - 1, failed);
            current = failed;
        }
    }

    @Override
    public void afterMatchFired(AfterMatchFiredEvent event) {
        current = null;
    }

    @Override
    public void objectInserted(ObjectInsertedEvent event) {
        if (current == null) {
            facts.add(String.valueOf(event.getObject()));
        } else {
            current.effects().add("inserted " + event.getObject());
        }
    }

    @Override
    public void objectUpdated(ObjectUpdatedEvent event) {
        if (current != null) {
            current.effects().add("modified " + event.getObject());
        }
    }

    @Override
    public void objectDeleted(ObjectDeletedEvent event) {
        if (current != null) {
            current.effects().add("deleted " + event.getOldObject());
        }
    }
}
