package io.nextbest.rules;

import org.kie.api.KieBaseConfiguration;
import org.kie.api.KieServices;
import org.kie.api.event.KieRuntimeEventManager;
import org.kie.api.event.rule.AgendaEventListener;
import org.kie.api.runtime.rule.ConsequenceException;
import org.kie.api.runtime.rule.ConsequenceExceptionHandler;
import org.kie.api.runtime.rule.Match;
import org.kie.api.runtime.rule.RuleRuntime;
import org.kie.internal.conf.ConsequenceExceptionHandlerOption;

/**
 * Hands an exception thrown by a rule's then-part to the session's {@link RuleFailureListener}s, and lets the
 * session fire the remaining matches. Drools makes one per session, by class name, from the knowledge base's
 * configuration; without a listener (a session no decision watches) the exception ends the firing, as by default.
 */
public final class ContainedRuleFailures implements ConsequenceExceptionHandler {

    /** A knowledge base configuration whose sessions contain failing rules. */
    static KieBaseConfiguration configuration(ClassLoader classLoader) {
        KieBaseConfiguration configuration = KieServices.Factory.get().newKieBaseConfiguration(null, classLoader);
        configuration.setOption(ConsequenceExceptionHandlerOption.get(ContainedRuleFailures.class));
        return configuration;
    }

    @Override
    public void handleException(Match match, RuleRuntime runtime, Exception failure) {
        boolean told = false;
        if (runtime instanceof KieRuntimeEventManager session) {
            for (AgendaEventListener listener : session.getAgendaEventListeners()) {
                if (listener instanceof RuleFailureListener failures) {
                    failures.ruleFailed(match, failure);
                    told = true;
                }
            }
        }
        if (!told) {
            throw new ConsequenceException(failure, runtime, match);
        }
    }
}
