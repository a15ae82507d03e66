package io.nextbest.api;

import io.nextbest.decision.DecisionService;
import io.nextbest.rules.ActiveRuleset;
import io.nextbest.rules.Ruleset;
import io.nextbest.rules.RuleBuilds;
import io.nextbest.rules.RulesConfig;
import io.nextbest.rules.RulesetCompiler;
import io.nextbest.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;

/** Decisions as they would be, with the whole trace, against the live rules or a candidate change. */
@RolesAllowed(Roles.ADMIN)
@Path("/v1/simulate")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class SimulationResource {
    private final DecisionService decisions;
    private final ActiveRuleset rulesets;
    private final RulesetCompiler compiler;
    private final Duration busyWait;

    SimulationResource(DecisionService decisions, ActiveRuleset rulesets, Clock clock, RulesConfig config) {
        this.decisions = decisions;
        this.rulesets = rulesets;
        this.compiler = new RulesetCompiler(clock, config.sandbox().enabled());
        this.busyWait = config.builds().busyWait();
    }

    /** 200 with the simulated decision and its trace; 422 with every problem when the candidate files do not compile. */
    @POST
    public DecisionService.Simulation simulate(@Valid @NotNull SimulateRequest simulation) {
        return decisions.simulate(simulation.request().toQuery(), candidate(simulation));
    }

    private Ruleset candidate(SimulateRequest simulation) {
        if (simulation.files() == null || simulation.files().isEmpty()) {
            return null;
        }
        RuleBuilds.awaitTurn(busyWait);
        return compiler.compile(CandidateFiles.of(rulesets.rulesDir(), simulation.files(), simulation.replaceFolder()));
    }
}
