package io.nextbest.rules;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** A replica without an active ruleset cannot decide: keep it out of the Service until one compiles. */
@Readiness
@ApplicationScoped
public class RulesetReadiness implements HealthCheck {
    private final ActiveRuleset rulesets;

    RulesetReadiness(ActiveRuleset rulesets) {
        this.rulesets = rulesets;
    }

    @Override
    public HealthCheckResponse call() {
        // A failed reload leaves the previous ruleset serving: still ready, but the failure shows here.
        return rulesets.current()
                .map(ruleset -> {
                    var response = HealthCheckResponse.named("ruleset").up()
                            .withData("version", ruleset.version())
                            .withData("rules", ruleset.rules().size());
                    rulesets.lastReload().ifPresent(last -> response
                            .withData("lastReload", last.succeeded() ? "succeeded" : "failed")
                            .withData("lastReloadAt", last.at().toString())
                            .withData("lastReloadProblems", last.problems().size()));
                    return response.build();
                })
                .orElseGet(() -> HealthCheckResponse.named("ruleset").down()
                        .withData("reason", "no ruleset has compiled since start")
                        .build());
    }
}
