package io.nextbest.api;

import io.nextbest.decision.Decision;
import io.nextbest.decision.DecisionService;
import io.nextbest.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@RolesAllowed({Roles.DECIDE, Roles.ADMIN})
@Path("/v1/decisions")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class DecisionResource {
    private final DecisionService decisions;

    DecisionResource(DecisionService decisions) {
        this.decisions = decisions;
    }

    @POST
    public Decision decide(@Valid @NotNull DecisionRequest request) {
        return decisions.decide(request.toQuery());
    }
}
