package io.nextbest.api;

import io.nextbest.decision.Decision;
import io.nextbest.decision.DecisionService;
import io.nextbest.security.Permissions;
import io.nextbest.security.Roles;
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

@RolesAllowed({Roles.DECIDE, Roles.ADMIN})
@Path("/v1/decisions")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class DecisionResource {
    private final DecisionService decisions;
    private final DecisionDisclosure disclosure;

    DecisionResource(DecisionService decisions, DecisionDisclosure disclosure) {
        this.decisions = decisions;
        this.disclosure = disclosure;
    }

    /** An unsubscribe among the events needs a key that may change consent (403 otherwise, nothing stored). */
    @POST
    public Decision decide(@Valid @NotNull DecisionRequest request, @Context SecurityContext security) {
        Permissions caller = Permissions.of(security::isUserInRole);
        ConsentChanges.refuseInDecision(caller, request.events());
        return disclosure.shownTo(caller, decisions.decide(request.toQuery()));
    }
}
