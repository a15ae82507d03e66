package io.nextbest.api;

import io.nextbest.rules.ActiveRuleset;
import io.nextbest.rules.RuleInfo;
import io.nextbest.rules.RuleProblem;
import io.nextbest.rules.Ruleset;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;

/** The active ruleset, and reloading it from the rules folder. */
@Path("/v1/rules")
@Produces(MediaType.APPLICATION_JSON)
public class RulesResource {
    private final ActiveRuleset rulesets;

    RulesResource(ActiveRuleset rulesets) {
        this.rulesets = rulesets;
    }

    public record RulesetView(String version, Instant loadedAt, List<String> files, List<RuleInfo> rules,
                              List<RuleProblem> warnings) {
        static RulesetView of(Ruleset ruleset) {
            return new RulesetView(ruleset.version(), ruleset.loadedAt(), ruleset.files(), ruleset.rules(),
                    ruleset.warnings());
        }
    }

    @GET
    public RulesetView active() {
        return rulesets.current().map(RulesetView::of)
                .orElseThrow(() -> new NotFoundException("No ruleset is active"));
    }

    /** Compiles the rules folder and activates it; on any problem, 422 with every problem and nothing changes. */
    @POST
    @Path("/reload")
    public RulesetView reload() {
        return RulesetView.of(rulesets.reload());
    }
}
