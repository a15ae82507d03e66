package io.nextbest.api;

import io.nextbest.records.CampaignStats;
import io.nextbest.rules.ActiveRuleset;
import io.nextbest.rules.Canary;
import io.nextbest.rules.CanaryRollout;
import io.nextbest.rules.RuleFailureLog;
import io.nextbest.rules.RuleBuilds;
import io.nextbest.rules.RuleProblem;
import io.nextbest.rules.RulesConfig;
import io.nextbest.rules.Ruleset;
import io.nextbest.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Canary rollouts: a candidate ruleset decides for a share of customers beside the active one, its decisions
 * are compared with the active ruleset's, and one call promotes it to everyone or abandons it.
 */
@RolesAllowed(Roles.ADMIN)
@Path("/v1/rules/canary")
@Produces(MediaType.APPLICATION_JSON)
public class CanaryResource {
    private static final Instant NO_END = Instant.parse("9999-01-01T00:00:00Z");
    private static final String NONE = "No canary is serving; start one with POST /v1/rules/canary";
    private final CanaryRollout rollout;
    private final ActiveRuleset rulesets;
    private final CampaignStats stats;
    private final RuleFailureLog failures;
    private final Duration busyWait;

    CanaryResource(CanaryRollout rollout, ActiveRuleset rulesets, CampaignStats stats, RuleFailureLog failures,
                   RulesConfig config) {
        this.rollout = rollout;
        this.busyWait = config.builds().busyWait();
        this.rulesets = rulesets;
        this.stats = stats;
        this.failures = failures;
    }

    /**
     * @param comparison the decisions of the active ruleset and of the canary since it started, apart
     */
    public record CanaryView(String version, double percent, Instant startedAt, String activeVersion, int rules,
                             List<RuleProblem> warnings, List<CampaignStats.RulesetStats> comparison) {
    }

    /**
     * Serves the files to {@code percent} of customers on every replica once they compile and pass the scenarios
     * (422 with every problem otherwise), in place of any canary serving. Starting the same files again with
     * another share widens or narrows it: customers already in stay in when it widens.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public CanaryView start(@Valid @NotNull CanaryRequest request) {
        RuleBuilds.awaitTurn(busyWait);
        Canary canary = rollout.start(CandidateFiles.of(rulesets.rulesDir(), request.files(), request.replaceFolder()),
                request.percent().doubleValue());
        return view(canary);
    }

    /** The canary serving, with its decisions and outcomes beside the active ruleset's since it started. */
    @GET
    public CanaryView current() {
        return rollout.current().map(this::view).orElseThrow(() -> new NotFoundException(NONE));
    }

    /** Makes the canary the active ruleset for every customer, on every replica; kept in the history for rollback. */
    @POST
    @Path("/promote")
    public RulesResource.RulesetView promote() {
        Ruleset promoted = rollout.promote().orElseThrow(() -> new NotFoundException(NONE));
        return RulesResource.RulesetView.of(promoted, rulesets.lastReload().orElse(null), rollout.current(),
                failures.of(promoted.version()));
    }

    /** Sends every customer back to the active ruleset, on every replica. */
    @POST
    @Path("/abandon")
    public CanaryView abandon() {
        return rollout.abandon().map(this::view).orElseThrow(() -> new NotFoundException(NONE));
    }

    private CanaryView view(Canary canary) {
        String active = rulesets.current().map(Ruleset::version).orElse(null);
        // Every decision from the start on: those a request dated later (a backfill, a test) as well.
        List<CampaignStats.RulesetStats> comparison = stats.between(canary.startedAt(), NO_END, null, "purchase", 7,
                        100_000).rulesets().stream()
                .filter(version -> version.version().equals(active) || version.version().equals(canary.version()))
                .toList();
        return new CanaryView(canary.version(), canary.percent(), canary.startedAt(), active,
                canary.ruleset().rules().size(), canary.ruleset().warnings(), comparison);
    }
}
