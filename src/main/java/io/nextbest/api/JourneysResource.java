package io.nextbest.api;

import io.nextbest.journeys.JourneyEnrolment;
import io.nextbest.journeys.Journeys;
import io.nextbest.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.OffsetDateTime;
import java.util.List;

/** Operators' view of journeys: steps waiting (e.g. due now), and enrolments that failed. */
@RolesAllowed(Roles.ADMIN)
@Path("/v1/journeys")
@Produces(MediaType.APPLICATION_JSON)
public class JourneysResource {
    private static final List<String> STATUSES = List.of(JourneyEnrolment.ACTIVE, JourneyEnrolment.COMPLETED,
            JourneyEnrolment.EXITED, JourneyEnrolment.FAILED);

    private final Journeys journeys;

    JourneysResource(Journeys journeys) {
        this.journeys = journeys;
    }

    /** At most 500, the longest waiting first; {@code dueBefore} keeps steps due by then. */
    @GET
    public List<JourneyResource.JourneyView> list(@QueryParam("status") @DefaultValue("ACTIVE") String status,
                                                  @QueryParam("dueBefore") OffsetDateTime dueBefore) {
        if (!STATUSES.contains(status)) {
            throw new BadRequestException("status must be one of " + STATUSES);
        }
        return journeys.list(status, dueBefore == null ? null : dueBefore.toInstant(), 500).stream()
                .map(JourneyResource.JourneyView::of).toList();
    }
}
