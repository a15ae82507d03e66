package io.nextbest.api;

import io.nextbest.decision.Decision;
import io.nextbest.security.Roles;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

@RolesAllowed({Roles.DECIDE, Roles.ADMIN})
@Path("/v1/decisions")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class DecisionResource {
    private final DecisionsOnTime decisions;

    DecisionResource(DecisionsOnTime decisions) {
        this.decisions = decisions;
    }

    /**
     * Not blocking: the body is read and checked on the event loop, the decision runs on a worker thread, and the
     * answer comes by the deadline either way.
     */
    @POST
    public CompletionStage<Decision> decide(@Valid @NotNull DecisionRequest request, @Context RoutingContext http) {
        return decisions.decide(request.toQuery(), Duration.ofNanos(RequestArrival.nanosSince(http)));
    }
}
