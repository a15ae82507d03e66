package io.nextbest.decision;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.nextbest.rules.RuleFailureLog;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Decisions as metrics: latency (a histogram) and count by kind and outcome, rules fired, and actions set
 * aside by reason, rules that failed (see {@link RuleFailureLog}). Kind: a caller's {@code request}, a {@code dry-run}, or a {@code journey-step} of the
 * scheduler; outcome: {@code action} (at least one), {@code nothing}, or {@code failed}. Meters are looked
 * up once per tag combination and kept: building and registering them on every decision cost more than
 * recording.
 */
@ApplicationScoped
public class DecisionMetrics {
    private static final Logger LOG = Logger.getLogger(DecisionMetrics.class);
    static final String REQUEST = "request";
    static final String DRY_RUN = "dry-run";
    static final String JOURNEY_STEP = "journey-step";

    private record Outcome(String kind, String outcome) {
    }

    private record SetAside(String reason, String channel) {
    }

    private record Stopped(String limit, String rule) {
    }

    private final MeterRegistry registry;
    private final RuleFailureLog ruleFailures;
    private final Map<Outcome, Timer> durations = new ConcurrentHashMap<>();
    private final Map<Outcome, Counter> decisions = new ConcurrentHashMap<>();
    private final Map<String, Counter> firings = new ConcurrentHashMap<>();
    private final Map<SetAside, Counter> suppressions = new ConcurrentHashMap<>();
    private final Map<Stopped, Counter> stopped = new ConcurrentHashMap<>();

    DecisionMetrics(MeterRegistry registry, RuleFailureLog ruleFailures) {
        this.registry = registry;
        this.ruleFailures = ruleFailures;
    }

    void decided(String kind, Decision decision, long startedNanos) {
        String outcome = decision.actions().isEmpty() ? "nothing" : "action";
        record(kind, outcome, startedNanos);
        failedRules(decision.rulesetVersion(), decision.failedRules());
        for (String rule : decision.firedRules()) {
            firings.computeIfAbsent(rule, name -> Counter.builder("nextbest.rules.fired")
                    .description("Decisions in which a rule fired").tag("rule", name).register(registry)).increment();
        }
        for (Decision.Suppressed suppressed : decision.suppressed()) {
            suppressions.computeIfAbsent(new SetAside(suppressed.reason(), String.valueOf(suppressed.channel())),
                    setAside -> Counter.builder("nextbest.suppressions").description("Actions set aside, by reason")
                            .tags("reason", setAside.reason(), "channel", setAside.channel())
                            .register(registry)).increment();
        }
    }

    void failed(String kind, long startedNanos, RuntimeException failure) {
        record(kind, "failed", startedNanos);
        if (failure instanceof RunawayRulesException runaway) {
            stoppedRules(runaway);
        } else if (failure instanceof RuleFailedException failedRule) {
            failedRules(failedRule.rulesetVersion(), List.of(failedRule.failure()));
        }
    }

    /** Rules stopped by the firing limit or the time budget, by the rule that fired most: what an analyst must fix. */
    void stoppedRules(RunawayRulesException runaway) {
        stopped.computeIfAbsent(new Stopped(runaway.limit(), runaway.mostFiredRule()),
                key -> Counter.builder("nextbest.rules.stopped")
                        .description("Decisions whose rules were stopped by the firing limit or the time budget, by the rule that fired most")
                        .tags("limit", key.limit(), "rule", key.rule()).register(registry)).increment();
    }

    private void failedRules(String rulesetVersion, List<FailedRule> failures) {
        for (FailedRule failure : failures) {
            if (ruleFailures.failed(rulesetVersion, failure.rule(), failure.phase(), failure.reason())) {
                LOG.warnf("%s (ruleset %s); later failures are counted in GET /v1/rules", failure.describe(), rulesetVersion);
            }
        }
    }

    private void record(String kind, String outcome, long startedNanos) {
        Outcome key = new Outcome(kind, outcome);
        durations.computeIfAbsent(key, o -> Timer.builder("nextbest.decision.duration")
                        .description("Time to decide, from the request's arrival in the service to its answer")
                        .tags("kind", o.kind(), "outcome", o.outcome())
                        .register(registry))
                .record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
        decisions.computeIfAbsent(key, o -> Counter.builder("nextbest.decisions").description("Decisions, by kind and outcome")
                .tags("kind", o.kind(), "outcome", o.outcome()).register(registry)).increment();
    }
}
