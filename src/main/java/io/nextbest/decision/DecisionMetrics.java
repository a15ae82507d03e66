package io.nextbest.decision;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;

/**
 * Decisions as metrics: latency (a histogram) and count by kind and outcome, rules fired, and actions set
 * aside by reason. Kind: a caller's {@code request}, a {@code dry-run}, or a {@code journey-step} of the
 * scheduler; outcome: {@code action} (at least one), {@code nothing}, or {@code failed}.
 */
@ApplicationScoped
public class DecisionMetrics {
    static final String REQUEST = "request";
    static final String DRY_RUN = "dry-run";
    static final String JOURNEY_STEP = "journey-step";

    private final MeterRegistry registry;

    DecisionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void decided(String kind, Decision decision, long startedNanos) {
        String outcome = decision.actions().isEmpty() ? "nothing" : "action";
        record(kind, outcome, startedNanos);
        for (String rule : decision.firedRules()) {
            Counter.builder("nextbest.rules.fired").description("Decisions in which a rule fired")
                    .tag("rule", rule).register(registry).increment();
        }
        for (Decision.Suppressed suppressed : decision.suppressed()) {
            Counter.builder("nextbest.suppressions").description("Actions set aside, by reason")
                    .tags("reason", suppressed.reason(), "channel", String.valueOf(suppressed.channel()))
                    .register(registry).increment();
        }
    }

    void failed(String kind, long startedNanos) {
        record(kind, "failed", startedNanos);
    }

    private void record(String kind, String outcome, long startedNanos) {
        Timer.builder("nextbest.decision.duration")
                .description("Time to decide, from the request's arrival in the service to its answer")
                .tags("kind", kind, "outcome", outcome)
                .register(registry)
                .record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
        Counter.builder("nextbest.decisions").description("Decisions, by kind and outcome")
                .tags("kind", kind, "outcome", outcome).register(registry).increment();
    }
}
