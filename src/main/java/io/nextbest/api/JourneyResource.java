package io.nextbest.api;

import io.nextbest.journeys.JourneyEnrolment;
import io.nextbest.journeys.Journeys;
import io.nextbest.profile.Identities;
import io.nextbest.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A customer's journeys: where they are, when the next step falls due, how the ended ones ended. */
@RolesAllowed(Roles.ADMIN)
@Path("/v1/customers/{id}/journeys")
@Produces(MediaType.APPLICATION_JSON)
public class JourneyResource {
    private final Journeys journeys;
    private final Identities identities;

    JourneyResource(Journeys journeys, Identities identities) {
        this.journeys = journeys;
        this.identities = identities;
    }

    public record JourneyView(String id, String customerId, String journey, String status, String step, Instant enrolledAt,
                              Instant stepSince, Instant dueAt, Map<String, Object> attributes, String rulesetVersion,
                              String lastDecisionId, int attempts, String lastError, Instant endedAt, String endReason) {
        static JourneyView of(JourneyEnrolment e) {
            return new JourneyView(e.id, e.customerId, e.journey, e.status, e.step, e.enrolledAt, e.stepSince, e.dueAt, e.attributes,
                    e.rulesetVersion, e.lastDecisionId, e.attempts, e.lastError, e.endedAt, e.endReason);
        }
    }

    /** Newest first, at most 100; an alias shows the journeys of the customer it stands for. */
    @GET
    public List<JourneyView> list(@PathParam("id") String customerId) {
        return journeys.of(identities.canonical(customerId)).stream().map(JourneyView::of).toList();
    }
}
