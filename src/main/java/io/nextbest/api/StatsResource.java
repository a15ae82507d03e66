package io.nextbest.api;

import io.nextbest.records.CampaignStats;
import io.nextbest.rules.ActiveRuleset;
import io.nextbest.rules.CanaryRollout;
import io.nextbest.rules.Ruleset;
import io.nextbest.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Size;
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
    private final ActiveRuleset rulesets;
    private final CanaryRollout rollout;
    private final Clock clock;

    StatsResource(CampaignStats stats, ActiveRuleset rulesets, CanaryRollout rollout, Clock clock) {
        this.stats = stats;
        this.rulesets = rulesets;
        this.rollout = rollout;
        this.clock = clock;
    }

    /**
     * Per action, channel and variant over the decisions of {@code [from, to)} (default: the last 7 days),
     * and the lift of actions that have a control group, conversion being {@code conversionEvent} within
     * {@code windowDays} of the decision. The same decisions by ruleset version ({@code rulesets}) compare a canary
     * with the active ruleset; {@code ruleset} limits the whole report to one version.
     */
    @GET
    public CampaignStats.Report stats(@QueryParam("from") OffsetDateTime from, @QueryParam("to") OffsetDateTime to,
                                      @QueryParam("ruleset") @Size(max = 64) String ruleset,
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
        CampaignStats.Report report = stats.between(start, end,
                ruleset == null || ruleset.isBlank() ? null : ruleset, conversionEvent, windowDays, 100_000);
        return rollout.current().map(canary -> report.withCanary(new CampaignStats.CanaryShare(
                        rulesets.current().map(Ruleset::version).orElse(null), canary.version(), canary.percent(),
                        canary.startedAt())))
                .orElse(report);
    }
}
