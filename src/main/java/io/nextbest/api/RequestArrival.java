package io.nextbest.api;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * When a request's headers arrived, noted before anything else reads it: a caller's wait, and so a decision's
 * deadline, starts then, not once its body is read, checked and handed to the resource.
 */
@ApplicationScoped
class RequestArrival {
    private static final String ARRIVED = "nextbest.arrived";

    void install(@Observes Router router) {
        router.route().order(CallerShares.ORDER - 1).handler(context -> {
            context.put(ARRIVED, System.nanoTime());
            context.next();
        });
    }

    /** Nanoseconds ({@link System#nanoTime()}) since the request's headers arrived. */
    static long nanosSince(RoutingContext context) {
        Long arrived = context.get(ARRIVED);
        return arrived == null ? 0 : System.nanoTime() - arrived;
    }
}
