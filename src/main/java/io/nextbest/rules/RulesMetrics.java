package io.nextbest.rules;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;

/**
 * Rule reloads as metrics: how many succeeded and failed, how long their builds took (compile and
 * scenarios, with any wait for the builder thread), whether the last one failed, and which ruleset version
 * is active (a gauge of 1 tagged with the version, so an operator sees a rollout converge). An activation
 * also starts the version's count of live rule failures afresh ({@link RuleFailureLog}).
 */
@ApplicationScoped
public class RulesMetrics {
    private final Counter succeeded;
    private final Counter failed;
    private final Timer succeededBuilds;
    private final Timer failedBuilds;
    private final MultiGauge activeVersion;
    private final MultiGauge canaryShare;
    private final RuleFailureLog ruleFailures;
    private volatile boolean lastFailed;
    /** The canary last seen serving: told again as the rollout is followed, it is activated only once. */
    private volatile String canaryVersion;

    RulesMetrics(MeterRegistry registry, RuleFailureLog ruleFailures) {
        this.ruleFailures = ruleFailures;
        succeeded = Counter.builder("nextbest.rules.reloads").tag("outcome", "succeeded")
                .description("Rulesets activated").register(registry);
        failed = Counter.builder("nextbest.rules.reloads").tag("outcome", "failed")
                .description("Rule changes rejected (compile errors or failing scenarios)").register(registry);
        succeededBuilds = Timer.builder("nextbest.rules.reload.duration").tag("outcome", "succeeded")
                .description("Time to build and check a ruleset that was then activated").register(registry);
        failedBuilds = Timer.builder("nextbest.rules.reload.duration").tag("outcome", "failed")
                .description("Time to build and check a rule change that was rejected").register(registry);
        Gauge.builder("nextbest.rules.last.reload.failed", this, metrics -> metrics.lastFailed ? 1 : 0)
                .description("1 when the last reload was rejected and an older ruleset keeps serving").register(registry);
        activeVersion = MultiGauge.builder("nextbest.ruleset.active").description("The active ruleset version")
                .register(registry);
        canaryShare = MultiGauge.builder("nextbest.ruleset.canary.percent")
                .description("The share of customers (percent) a canary ruleset serves, tagged with its version")
                .register(registry);
    }

    /** @param canary null when none serves */
    void canary(Canary canary) {
        String version = canary == null ? null : canary.version();
        if (version != null && !version.equals(canaryVersion)) {
            ruleFailures.activated(version);
        }
        canaryVersion = version;
        canaryShare.register(canary == null ? List.of()
                : List.of(MultiGauge.Row.of(Tags.of("version", canary.version()), canary.percent())), true);
    }

    void activated(Ruleset ruleset, Duration built) {
        succeeded.increment();
        succeededBuilds.record(built);
        lastFailed = false;
        ruleFailures.activated(ruleset.version());
        activeVersion.register(List.of(MultiGauge.Row.of(Tags.of("version", ruleset.version()), 1)), true);
    }

    void rejected(Duration built) {
        failed.increment();
        failedBuilds.record(built);
        lastFailed = true;
    }
}
