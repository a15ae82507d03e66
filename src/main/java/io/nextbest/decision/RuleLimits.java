package io.nextbest.decision;

import io.nextbest.rules.RulesConfig;
import java.time.Duration;

/**
 * How far one decision's rules may go before they are stopped as a runaway: at most {@code maxFirings}
 * firings (a rule that re-activates itself) and at most {@code timeBudget} of the deciding thread's CPU
 * time (rules that fire rarely but slowly, or a cross product of many facts). Checked between firings: a
 * single consequence that never returns cannot be stopped from outside its thread.
 */
public record RuleLimits(int maxFirings, Duration timeBudget) {
    public static RuleLimits of(RulesConfig config) {
        return new RuleLimits(config.maxFiringsPerDecision(), config.timeBudgetPerDecision());
    }
}
