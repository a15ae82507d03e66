package io.nextbest.api;

import io.nextbest.events.Outcomes;
import io.nextbest.security.Permissions;
import io.nextbest.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

/** Websites report what their visitors did; event feeds (an email platform's webhooks) report the rest. */
@RolesAllowed({Roles.DECIDE, Roles.INGEST, Roles.ADMIN})
@Path("/v1/decisions/{decisionId}/outcomes")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class OutcomeResource {
    private final Outcomes outcomes;

    OutcomeResource(Outcomes outcomes) {
        this.outcomes = outcomes;
    }

    /**
     * 201 when recorded, 200 when the same outcome was already recorded. An unsubscribe withdraws consent, so it
     * needs a key that may change consent (403 otherwise).
     */
    @POST
    public Response record(@PathParam("decisionId") String decisionId, @Valid @NotNull OutcomeRequest request,
                           @Context SecurityContext security) {
        ConsentChanges.refuseInOutcome(Permissions.of(security::isUserInRole), request);
        try {
            Outcomes.Recorded recorded = outcomes.record(decisionId, new Outcomes.Outcome(request.id(), request.type(),
                    request.actionId(), request.value(), request.at() == null ? null : request.at().toInstant()));
            return Response.status(recorded.duplicate() ? Response.Status.OK : Response.Status.CREATED)
                    .entity(recorded).build();
        } catch (Outcomes.OutcomeRejected rejected) {
            throw switch (rejected.problem()) {
                case NO_SUCH_DECISION -> new NotFoundException(rejected.getMessage());
                case NO_SUCH_ACTION, ACTION_NEEDED -> new BadRequestException(rejected.getMessage());
            };
        }
    }
}
