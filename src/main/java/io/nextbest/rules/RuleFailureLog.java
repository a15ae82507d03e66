package io.nextbest.rules;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rules that failed in live decisions: a counter per rule ({@code nextbest.rules.failures}), and for each
 * recently served ruleset version how often each of its rules failed since it was activated, and how it failed
 * last, for GET /v1/rules. Rules are finite, so the counter's tags are bounded. Simulations, replays and
 * scenarios are not live: the decision service reports only the decisions it makes.
 */
@ApplicationScoped
public class RuleFailureLog {
    /** The active ruleset, a canary beside it, and the few before them a rollback may return to. */
    private static final int VERSIONS_KEPT = 4;

    /** @param failures failed firings since the ruleset was activated (on this replica) */
    public record RuleHealth(long failures, Instant lastFailedAt, String lastFailure) {
    }

    private record Tags(String rule, String phase) {
    }

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<Tags, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Map<String, RuleHealth>> byVersion = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Map<String, RuleHealth>> eldest) {
            return size() > VERSIONS_KEPT;
        }
    };

    RuleFailureLog(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /**
     * A rule of that ruleset version failed in a live decision.
     *
     * @return true for its first failure since the version was activated (worth a log line; later ones are counted)
     */
    public boolean failed(String rulesetVersion, String rule, String phase, String reason) {
        counters.computeIfAbsent(new Tags(rule, String.valueOf(phase)),
                tags -> Counter.builder("nextbest.rules.failures")
                        .description("Rule firings that threw in live decisions (undone; what they guarded set aside)")
                        .tags("rule", tags.rule(), "phase", tags.phase()).register(registry)).increment();
        RuleHealth health = rulesOf(rulesetVersion).merge(rule, new RuleHealth(1, clock.instant(), reason),
                (before, latest) -> new RuleHealth(before.failures() + 1, latest.lastFailedAt(), latest.lastFailure()));
        return health.failures() == 1;
    }

    /** The version starts serving (again): its failures count from zero. */
    void activated(String rulesetVersion) {
        synchronized (byVersion) {
            byVersion.remove(rulesetVersion);
        }
    }

    /** By rule name, the rules of that ruleset version that failed on this replica; empty when none did. */
    public Map<String, RuleHealth> of(String rulesetVersion) {
        synchronized (byVersion) {
            Map<String, RuleHealth> rules = byVersion.get(rulesetVersion);
            return rules == null ? Map.of() : Map.copyOf(rules);
        }
    }

    private Map<String, RuleHealth> rulesOf(String rulesetVersion) {
        synchronized (byVersion) {
            return byVersion.computeIfAbsent(rulesetVersion, version -> new ConcurrentHashMap<>());
        }
    }
}
