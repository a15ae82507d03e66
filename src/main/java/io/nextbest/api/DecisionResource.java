package io.nextbest.api;

import io.nextbest.decision.Decision;
import io.nextbest.security.Permissions;
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
import jakarta.ws.rs.core.SecurityContext;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

@RolesAllowed({Roles.DECIDE, Roles.ADMIN})
@Path("/v1/decisions")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class DecisionResource {
    private final DecisionsOnTime decisions;
    private final DecisionDisclosure disclosure;

    DecisionResource(DecisionsOnTime decisions, DecisionDisclosure disclosure) {
        this.decisions = decisions;
        this.disclosure = disclosure;
    }

    /**
     * Not blocking: the body is read and checked on the event loop, the decision runs on a worker thread, and the
     * answer comes by the deadline either way. An unsubscribe among the events needs a key that may change consent
     * (403 otherwise, nothing stored).
     */
    @POST
    public CompletionStage<Decision> decide(@Valid @NotNull DecisionRequest request, @Context SecurityContext security,
                                            @Context RoutingContext http) {
        Permissions caller = Permissions.of(security::isUserInRole);
        ConsentChanges.refuseInDecision(caller, request.events());
        return decisions.decide(request.toQuery(), Duration.ofNanos(RequestArrival.nanosSince(http)))
                .thenApply(decision -> disclosure.shownTo(caller, decision));
    }
}
