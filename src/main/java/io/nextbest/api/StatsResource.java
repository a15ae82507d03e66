package io.nextbest.api;

import io.nextbest.records.CampaignStats;
import io.nextbest.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

@RolesAllowed(Roles.ADMIN)
@Path("/v1/stats")
@Produces(MediaType.APPLICATION_JSON)
public class StatsResource {
    private final CampaignStats stats;
    private final Clock clock;

    StatsResource(CampaignStats stats, Clock clock) {
        this.stats = stats;
        this.clock = clock;
    }

    /**
     * Per action, channel and variant over the decisions of {@code [from, to)} (default: the last 7 days),
     * and the lift of actions that have a control group, conversion being {@code conversionEvent} within
     * {@code windowDays} of the decision.
     */
    @GET
    public CampaignStats.Report stats(@QueryParam("from") OffsetDateTime from, @QueryParam("to") OffsetDateTime to,
                                      @QueryParam("conversionEvent") @DefaultValue("purchase") String conversionEvent,
                                      @QueryParam("windowDays") @DefaultValue("7") int windowDays) {
        Instant end = to == null ? clock.instant() : to.toInstant();
        Instant start = from == null ? end.minus(Duration.ofDays(7)) : from.toInstant();
        if (!end.isAfter(start)) {
            throw new BadRequestException("'to' must be after 'from'");
        }
        if (windowDays < 1 || windowDays > 90) {
            throw new BadRequestException("windowDays must be between 1 and 90");
        }
        return stats.between(start, end, conversionEvent, windowDays, 100_000);
    }
}
