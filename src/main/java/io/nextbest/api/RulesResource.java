package io.nextbest.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.nextbest.decision.ReplayService;
import io.nextbest.records.RuleStatistics;
import io.nextbest.rules.ActiveRuleset;
import io.nextbest.rules.Canary;
import io.nextbest.rules.CanaryRollout;
import io.nextbest.rules.ReloadStatus;
import io.nextbest.rules.RuleFailureLog;
import io.nextbest.rules.RuleBuilds;
import io.nextbest.rules.RuleInfo;
import io.nextbest.rules.RuleProblem;
import io.nextbest.rules.Ruleset;
import io.nextbest.rules.RulesConfig;
import io.nextbest.rules.RulesetCompiler;
import io.nextbest.rules.RulesetGate;
import io.nextbest.rules.RulesetValidation;
import io.nextbest.scenarios.ScenarioCoverage;
import io.nextbest.scenarios.ScenarioGate;
import io.nextbest.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.inject.Instance;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The active ruleset, reloading it, validating changes before they go live, history and rollback. */
@RolesAllowed(Roles.ADMIN)
@Path("/v1/rules")
@Produces(MediaType.APPLICATION_JSON)
public class RulesResource {
    private final ActiveRuleset rulesets;
    private final CanaryRollout rollout;
    private final RulesetValidation validation;

    private final RulesetCompiler compiler;
    private final ReplayService replays;
    private final RuleStatistics statistics;
    private final RuleFailureLog failures;
    private final Clock clock;
    /** How long a call that builds waits for a build already running, before it is refused (409). */
    private final Duration busyWait;

    RulesResource(ActiveRuleset rulesets, CanaryRollout rollout, Clock clock, Instance<RulesetGate> gates, ReplayService replays,
                  RuleStatistics statistics, RuleFailureLog failures, RulesConfig config) {
        this.rulesets = rulesets;
        this.rollout = rollout;
        this.clock = clock;
        this.compiler = new RulesetCompiler(clock, config.sandbox().enabled());
        this.validation = new RulesetValidation(compiler, gates.stream().toList());
        this.replays = replays;
        this.statistics = statistics;
        this.failures = failures;
        this.busyWait = config.builds().busyWait();
    }

    /** Per rule, over recorded decisions (default: the last 7 days): fired, selected, suppressed by reason. */
    @GET
    @Path("/stats")
    public RuleStatistics.Report stats(@QueryParam("from") OffsetDateTime from, @QueryParam("to") OffsetDateTime to) {
        Instant end = to == null ? clock.instant() : to.toInstant();
        Instant start = from == null ? end.minus(Duration.ofDays(7)) : from.toInstant();
        if (!end.isAfter(start)) {
            throw new jakarta.ws.rs.BadRequestException("'to' must be after 'from'");
        }
        return statistics.between(start, end, 50_000);
    }

    /** @param canary the canary serving beside this ruleset, if any */
    public record RulesetView(String version, Instant loadedAt, List<String> files, List<RuleView> rules,
                              List<RuleProblem> warnings, ReloadStatus lastReload, CanaryShare canary) {
        static RulesetView of(Ruleset ruleset, ReloadStatus lastReload, Optional<Canary> canary,
                              Map<String, RuleFailureLog.RuleHealth> failures) {
            return new RulesetView(ruleset.version(), ruleset.loadedAt(), ruleset.files(),
                    ruleset.rules().stream().map(rule -> RuleView.of(rule, failures.get(rule.name()))).toList(),
                    ruleset.warnings(), lastReload,
                    canary.map(c -> new CanaryShare(c.version(), c.percent(), c.startedAt())).orElse(null));
        }
    }

    /**
     * A rule, and how it has failed in live decisions since its ruleset was activated on this replica.
     *
     * @param failures     firings that threw (undone; see the decision's failedRules)
     * @param lastFailedAt when it last failed; left out when it never did
     * @param lastFailure  why it last failed; left out when it never did
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RuleView(@JsonUnwrapped RuleInfo rule, long failures, Instant lastFailedAt, String lastFailure) {
        static RuleView of(RuleInfo rule, RuleFailureLog.RuleHealth health) {
            return health == null ? new RuleView(rule, 0, null, null)
                    : new RuleView(rule, health.failures(), health.lastFailedAt(), health.lastFailure());
        }
    }

    /** Which candidate serves which share of customers, since when. */
    public record CanaryShare(String version, double percent, Instant startedAt) {
    }

    public record HistoryView(String version, String source, Instant activatedAt, int rules, boolean active) {
    }

    @GET
    public RulesetView active() {
        return rulesets.current().map(this::view)
                .orElseThrow(() -> new NotFoundException("No ruleset is active"));
    }

    /**
     * Which rules of the active ruleset its scenario tests fire, rule by rule and table row by table row:
     * the rules no scenario fires are the ones a change could break unnoticed.
     */
    @GET
    @Path("/coverage")
    public ScenarioCoverage coverage() {
        Ruleset active = rulesets.current().orElseThrow(() -> new NotFoundException("No ruleset is active"));
        return ScenarioGate.run(active, active.sources()).coverage();
    }

    /** Compiles the rules folder and activates it; on any problem, 422 with every problem and nothing changes. */
    @POST
    @Path("/reload")
    public RulesetView reload() {
        RuleBuilds.awaitTurn(busyWait);
        return view(rulesets.reload());
    }

    /** Checks files without activating anything: the folder, or uploaded files over it. */
    @POST
    @Path("/validate")
    @Consumes(MediaType.APPLICATION_JSON)
    public RulesetValidation.Report validate(@Valid ValidateRequest request) {
        RuleBuilds.awaitTurn(busyWait);
        return request == null
                ? validation.validate(CandidateFiles.of(rulesets.rulesDir(), null, false))
                : validation.validate(CandidateFiles.of(rulesets.rulesDir(), request.files(), request.replaceFolder()));
    }

    /**
     * How the decisions of a period would change under candidate files: counts per action before and
     * after, and examples of changed decisions. Nothing is activated; 422 when the files do not compile.
     */
    @POST
    @Path("/replay")
    @Consumes(MediaType.APPLICATION_JSON)
    public ReplayService.Replay replay(@Valid @NotNull ReplayRequest request) {
        if (!request.to().isAfter(request.from())) {
            throw new jakarta.ws.rs.BadRequestException("'to' must be after 'from'");
        }
        RuleBuilds.awaitTurn(busyWait);
        Ruleset candidate = compiler.compile(CandidateFiles.of(rulesets.rulesDir(), request.files(), request.replaceFolder()));
        return replays.replay(candidate, request.from().toInstant(), request.to().toInstant(),
                request.maxDecisions() == null ? 10_000 : request.maxDecisions(),
                request.examples() == null ? 10 : request.examples());
    }

    /**
     * Activates uploaded files over the rules folder after they compile and pass the scenarios; stored as a
     * release, so every replica activates them within its watch interval. 422 with every problem otherwise.
     */
    @POST
    @Path("/activate")
    @Consumes(MediaType.APPLICATION_JSON)
    public RulesetView activate(@Valid @NotNull ActivateRequest request) {
        RuleBuilds.awaitTurn(busyWait);
        return view(rulesets.release(CandidateFiles.of(rulesets.rulesDir(), request.files(), request.replaceFolder()),
                ActiveRuleset.UPLOAD));
    }

    /** The rulesets kept for rollback, newest first. */
    @GET
    @Path("/history")
    public List<HistoryView> history() {
        String active = rulesets.current().map(Ruleset::version).orElse(null);
        return rulesets.history().stream()
                .map(entry -> new HistoryView(entry.ruleset().version(), entry.source(), entry.activatedAt(),
                        entry.ruleset().rules().size(), entry.ruleset().version().equals(active)))
                .toList();
    }

    /** Makes a kept earlier ruleset active again on every replica, until the folder next changes. */
    @POST
    @Path("/rollback")
    @Consumes(MediaType.APPLICATION_JSON)
    public RulesetView rollback(@Valid @NotNull RollbackRequest request) {
        RuleBuilds.awaitTurn(busyWait);
        return rulesets.rollback(request.version()).map(this::view)
                .orElseThrow(() -> new NotFoundException("No kept ruleset has version " + request.version()
                        + "; see GET /v1/rules/history"));
    }

    private RulesetView view(Ruleset ruleset) {
        return RulesetView.of(ruleset, rulesets.lastReload().orElse(null), rollout.current(), failures.of(ruleset.version()));
    }
}
