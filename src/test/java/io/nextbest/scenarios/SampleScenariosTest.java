package io.nextbest.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.nextbest.rules.RuleFiles;
import io.nextbest.rules.RuleProblem;
import io.nextbest.rules.Ruleset;
import io.nextbest.rules.RulesetCompiler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The analysts' scenarios in rules/tests/ run with the test suite, as they run before every reload. */
class SampleScenariosTest {
    private static final RulesetCompiler COMPILER = new RulesetCompiler(Clock.systemUTC());

    @Test
    void everyScenarioInTheRulesFolderPasses() {
        Map<String, byte[]> files = RuleFiles.read(Path.of("rules"));
        Ruleset ruleset = COMPILER.compile(files);

        assertThat(files.keySet()).anyMatch(RuleFiles::isScenarioFile);
        assertThat(new ScenarioGate().check(ruleset, files)).isEmpty();
    }

    @Test
    void aFailingScenarioSaysWhatWasExpectedAndWhichRulesFired() {
        Map<String, byte[]> files = new TreeMap<>(RuleFiles.read(Path.of("rules")));
        files.put("tests/wrong.yaml", """
                - name: Sign-up expects an SMS it will never get
                  at: 2026-11-23T10:15:00+01:00
                  customer: {timezone: Europe/Paris, consents: [email]}
                  events: [{type: signed_up}]
                  expect:
                    actions: [welcome-sms]
                """.getBytes(StandardCharsets.UTF_8));

        List<RuleProblem> problems = new ScenarioGate().check(COMPILER.compile(files), files);

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.file()).isEqualTo("tests/wrong.yaml");
            assertThat(problem.message()).contains("Sign-up expects an SMS", "expected actions [welcome-sms] but got [welcome-email]",
                    "Sign-up: welcome email");
        });
    }

    @Test
    void aJourneyStepThatDoesNotGoWhereExpectedSaysWhereItWent() {
        Map<String, byte[]> files = new TreeMap<>(RuleFiles.read(Path.of("rules")));
        files.put("tests/wrong-journey.yaml", """
                - name: The email step expected to move on despite a purchase
                  at: 2026-11-24T14:00:00+01:00
                  channel: journey
                  customer: {timezone: Europe/Paris, consents: [email]}
                  history: [{type: purchase, hoursAgo: 2}]
                  journeys: [{name: cart-recovery, step: email, due: true, hoursAgo: 28}]
                  expect:
                    journeys: {cart-recovery: move ad}
                """.getBytes(StandardCharsets.UTF_8));

        List<RuleProblem> problems = new ScenarioGate().check(COMPILER.compile(files), files);

        assertThat(problems).singleElement().satisfies(problem -> assertThat(problem.message())
                .contains("expected journey cart-recovery to move ad but it did exit purchased"));
    }

    @Test
    void anUnreadableScenarioFileIsReportedWithItsLine() {
        Map<String, byte[]> files = new TreeMap<>(RuleFiles.read(Path.of("rules")));
        files.put("tests/typo.yaml", """
                - name: A typo in a field name
                  at: 2026-11-23T10:15:00+01:00
                  expcet: {actions: []}
                """.getBytes(StandardCharsets.UTF_8));

        List<RuleProblem> problems = new ScenarioGate().check(COMPILER.compile(files), files);

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.file()).isEqualTo("tests/typo.yaml");
            assertThat(problem.line()).isEqualTo(3);
            assertThat(problem.message()).contains("expcet");
        });
    }
}
