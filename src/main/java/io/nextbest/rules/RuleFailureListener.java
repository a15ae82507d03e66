package io.nextbest.rules;

import org.kie.api.event.rule.AgendaEventListener;
import org.kie.api.runtime.rule.Match;

/**
 * Told when a rule's then-part throws, in place of Drools' default of abandoning the whole firing. Added to a
 * session as an agenda listener, so it comes and goes with the decision it serves (see {@link ContainedRuleFailures}).
 */
public interface RuleFailureListener extends AgendaEventListener {
    /** Called on the firing thread, before Drools moves on to the next match. */
    void ruleFailed(Match match, Exception failure);
}
