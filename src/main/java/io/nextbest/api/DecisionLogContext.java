package io.nextbest.api;

import io.nextbest.decision.DecisionService;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * The decision id stays in the logging context until the response is written, so an error logged while
 * mapping a failed decision still names it; then it is cleared for the next request on the thread.
 */
public class DecisionLogContext {
    @ServerResponseFilter
    public void clearDecisionId() {
        MDC.remove(DecisionService.DECISION_ID);
    }
}
