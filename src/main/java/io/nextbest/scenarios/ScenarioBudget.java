package io.nextbest.scenarios;

import io.nextbest.decision.RuleLimits;
import io.nextbest.rules.RuleProblem;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The CPU time all the scenarios of one run may take together, and where it went. One slow rule fired by every
 * scenario kept a build busy for many minutes, each scenario within its own limit; with a total, the run stops
 * when it is spent and names the scenario and the rule that took the time. CPU time, as for decisions: a build
 * waiting for a core on a busy host is not stopped for it.
 */
final class ScenarioBudget {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Duration budget;
    private final long startedCpuNanos = THREADS.getCurrentThreadCpuTime();
    private final List<String> notRun = new ArrayList<>();
    private Spent slowest;
    private Spent spentIn;

    ScenarioBudget(Duration budget) {
        this.budget = budget;
    }

    /** A scenario's share: what it took, and the rules that took it (the one stopped by a limit, or those it fired). */
    private record Spent(String file, String scenario, long cpuNanos, ScenarioRunner.Result result) {
        List<String> rules() {
            return result.stoppedRule() != null ? List.of(result.stoppedRule()) : result.firedRules();
        }
    }

    boolean spent() {
        return usedNanos() >= budget.toNanos();
    }

    /** The limits of the next scenario's decision: the usual ones, or what is left of the budget if less. */
    RuleLimits limits() {
        Duration left = budget.minusNanos(usedNanos());
        RuleLimits usual = ScenarioRunner.LIMITS;
        return left.compareTo(usual.timeBudget()) < 0 ? new RuleLimits(usual.maxFirings(), left) : usual;
    }

    /** Runs the scenario within what is left, or notes it as not run when nothing is. */
    ScenarioRunner.Result run(String file, Scenario scenario, Function<RuleLimits, ScenarioRunner.Result> runner) {
        if (spent()) {
            notRun.add(file + ": " + scenario.name());
            return null;
        }
        long before = THREADS.getCurrentThreadCpuTime();
        ScenarioRunner.Result result = runner.apply(limits());
        Spent spent = new Spent(file, scenario.name(), THREADS.getCurrentThreadCpuTime() - before, result);
        if (slowest == null || spent.cpuNanos() > slowest.cpuNanos()) {
            slowest = spent;
        }
        if (spent() && spentIn == null) {
            spentIn = spent;
        }
        return result;
    }

    /** Whether the budget ran out before every scenario was run to its end. */
    boolean exceeded() {
        return spentIn != null;
    }

    /** The problem that refuses the build: where the budget ran out, what took it, and what was not run. */
    RuleProblem problem() {
        String rules = String.join(", ", slowest.rules().stream().map(rule -> "\"" + rule + "\"").toList());
        return new RuleProblem(spentIn.file(), 0, 0, "The scenario tests used up their budget of " + budget.toSeconds()
                + " s of CPU (nextbest.rules.scenarios.budget) in scenario \"" + spentIn.scenario() + "\", so "
                + (notRun.isEmpty() ? "it was stopped" : notRun.size() + " scenario(s) were not run") + " and the ruleset cannot"
                + " go live. The slowest scenario was \"" + slowest.scenario() + "\" (" + slowest.file() + ", "
                + String.format(Locale.ROOT, "%.1f", slowest.cpuNanos() / 1e9) + " s), in "
                + (slowest.result().stoppedRule() != null ? "rule " + rules + ", the rule that fired most" : "rules " + rules)
                + ": look for a condition that matches far more facts than meant, or a slow consequence."
                + (notRun.isEmpty() ? "" : " Not run: " + String.join("; ", notRun.subList(0, Math.min(10, notRun.size())))
                + (notRun.size() > 10 ? "; and " + (notRun.size() - 10) + " more" : "") + "."),
                RuleProblem.Severity.ERROR, slowest.rules());
    }

    private long usedNanos() {
        return THREADS.getCurrentThreadCpuTime() - startedCpuNanos;
    }
}
