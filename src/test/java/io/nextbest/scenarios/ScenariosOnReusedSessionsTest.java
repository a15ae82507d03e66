package io.nextbest.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.nextbest.decision.DecisionFacts;
import io.nextbest.decision.EvaluationSummary;
import io.nextbest.decision.RuleEvaluator;
import io.nextbest.decision.RuleLimits;
import io.nextbest.rules.RuleFiles;
import io.nextbest.rules.Ruleset;
import io.nextbest.rules.RulesetCompiler;
import io.nextbest.rules.SessionPool;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The analysts' scenarios, one after another on one reused session, decide what each decides on a fresh one. */
class ScenariosOnReusedSessionsTest {
    @Test
    void everyScenarioDecidesOnASessionReusedInAnyOrderWhatItDecidesAlone() throws Exception {
        Map<String, byte[]> files = RuleFiles.read(Path.of("rules"));
        Ruleset compiled = new RulesetCompiler(Clock.systemUTC()).compile(files);
        SessionPool onePool = new SessionPool(compiled.kieBase(), 1);
        Ruleset reused = EvaluationSummary.withPool(compiled, onePool);
        Ruleset fresh = EvaluationSummary.withFreshSessions(compiled);
        List<Scenario> scenarios = new ArrayList<>();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            if (RuleFiles.isScenarioFile(file.getKey())) {
                scenarios.addAll(ScenarioGate.read(file.getValue()));
            }
        }
        assertThat(scenarios).hasSizeGreaterThan(10);

        Random order = new Random(7);
        for (int round = 0; round < 3; round++) {
            for (Scenario scenario : scenarios) {
                DecisionFacts facts = ScenarioRunner.facts(compiled, scenario);
                assertThat(summary(reused, facts)).as(scenario.name()).isEqualTo(summary(fresh, facts));
            }
            Collections.shuffle(scenarios, order);
        }
        assertThat(onePool.idleCount()).isEqualTo(1);
    }

    private static List<String> summary(Ruleset ruleset, DecisionFacts facts) {
        return EvaluationSummary.of(RuleEvaluator.evaluate(ruleset, facts, ScenarioRunner.LIMITS));
    }
}
