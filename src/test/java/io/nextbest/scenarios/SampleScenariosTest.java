package io.nextbest.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nextbest.rules.RuleFiles;
import io.nextbest.rules.RuleProblem;
import io.nextbest.rules.Ruleset;
import io.nextbest.rules.RulesetCompiler;
import io.nextbest.support.SeededMistakes;
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
    private static final byte[] WRONG_SIGN_UP = """
            - name: Sign-up expects an SMS it will never get
              at: 2026-11-23T10:15:00+01:00
              customer: {timezone: Europe/Paris, consents: [email]}
              events: [{type: signed_up}]
              expect:
                actions: [welcome-sms]
            """.getBytes(StandardCharsets.UTF_8);

    @Test
    void everyScenarioInTheRulesFolderPasses() {
        Map<String, byte[]> files = RuleFiles.read(Path.of("rules"));
        Ruleset ruleset = COMPILER.compile(files);

        assertThat(files.keySet()).anyMatch(RuleFiles::isScenarioFile);
        assertThat(new ScenarioGate().check(ruleset, files)).isEmpty();
    }

    @Test
    void coverageNamesTheScenariosThatFireEachRuleAndEachTableRow() {
        Map<String, byte[]> files = RuleFiles.read(Path.of("rules"));
        Ruleset ruleset = COMPILER.compile(files);

        ScenarioCoverage coverage = ScenarioGate.run(ruleset, files).coverage();

        assertThat(coverage.rules()).isEqualTo(ruleset.rules().size());
        assertThat(coverage.coverage()).filteredOn(rule -> rule.rule().equals("Cart abandoned in business hours after comparing products: SMS discount within 2 hours"))
                .singleElement().satisfies(rule -> assertThat(rule.firedBy())
                        .contains("Cart abandoned in business hours after comparing products gets the SMS discount"));
        // Every row of the spreadsheet is a rule of its own, located by its row.
        assertThat(coverage.coverage()).filteredOn(rule -> rule.file().equals("event-triggers.drl.xlsx"))
                .isNotEmpty().allSatisfy(rule -> assertThat(rule.row()).isPositive());
        assertThat(coverage.coverage()).filteredOn(rule -> rule.file().endsWith(".drl")).allSatisfy(rule -> assertThat(rule.row()).isNull());
        assertThat(coverage.tested()).isEqualTo(coverage.rules() - coverage.untested().size());
        assertThat(coverage.percent()).isEqualTo(coverage.tested() * 100 / coverage.rules());
    }

    @Test
    void aRulesetWhoseScenariosFireTooFewOfItsRulesIsHeldBackWhenACoverageIsRequired() {
        Map<String, byte[]> files = new TreeMap<>(RuleFiles.read(Path.of("rules")));
        files.put("untested.drl", SeededMistakes.UNTESTED_TRIGGER.getBytes(StandardCharsets.UTF_8));
        Ruleset ruleset = COMPILER.compile(files);

        assertThat(new ScenarioGate(0).check(ruleset, files)).isEmpty();
        assertThat(new ScenarioGate(100).check(ruleset, files)).singleElement().satisfies(problem -> {
            assertThat(problem.file()).isEqualTo("tests/");
            assertThat(problem.message()).contains("fewer than the 100 % required")
                    .contains("untested.drl: Nobody tests this banner");
        });
    }

    @Test
    void aRulesetLoadedFromAnotherBuildsCompiledPackagesPassesTheSameScenarios() {
        Map<String, byte[]> files = RuleFiles.read(Path.of("rules"));
        Ruleset compiled = COMPILER.compile(files);

        Ruleset loaded = COMPILER.load(files, RulesetCompiler.packagesOf(compiled), compiled.warnings());

        assertThat(loaded.kieBase()).isNotSameAs(compiled.kieBase());
        assertThat(loaded.version()).isEqualTo(compiled.version());
        assertThat(loaded.rules()).isEqualTo(compiled.rules());
        assertThat(loaded.caps()).isEqualTo(compiled.caps());
        assertThat(new ScenarioGate().check(loaded, files)).isEmpty();
    }

    @Test
    void aLoadedRulesetFailsAScenarioTheCompiledOneFails() {
        Map<String, byte[]> files = new TreeMap<>(RuleFiles.read(Path.of("rules")));
        Ruleset compiled = COMPILER.compile(files);
        files.put("tests/wrong.yaml", WRONG_SIGN_UP);

        Ruleset loaded = COMPILER.load(files, RulesetCompiler.packagesOf(compiled), compiled.warnings());

        assertThat(new ScenarioGate().check(loaded, files)).singleElement()
                .satisfies(problem -> assertThat(problem.message()).contains("expected actions [welcome-sms] but got [welcome-email]"));
    }

    @Test
    void packagesThatDoNotLoadAreRefusedWithAClearError() {
        Map<String, byte[]> files = RuleFiles.read(Path.of("rules"));

        assertThatThrownBy(() -> COMPILER.load(files, "not packages".getBytes(StandardCharsets.UTF_8), List.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("do not load here");
    }

    @Test
    void aFailingScenarioSaysWhatWasExpectedAndWhichRulesFired() {
        Map<String, byte[]> files = new TreeMap<>(RuleFiles.read(Path.of("rules")));
        files.put("tests/wrong.yaml", WRONG_SIGN_UP);

        List<RuleProblem> problems = new ScenarioGate().check(COMPILER.compile(files), files);

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.file()).isEqualTo("tests/wrong.yaml");
            assertThat(problem.message()).contains("Sign-up expects an SMS", "expected actions [welcome-sms] but got [welcome-email]",
                    "Sign-up: welcome email");
        });
    }

    @Test
    void aScenarioInWhichARuleFailsFailsNamingTheRuleAndItsTableRow() {
        Map<String, byte[]> files = new TreeMap<>(RuleFiles.read(Path.of("rules")));
        files.put("tea.drl.csv", """
                ,RuleSet,nextbest
                ,Import,io.nextbest.facts.*
                ,,
                ,RuleTable Tea,,,
                ,NAME,AGENDA-GROUP,CONDITION,ACTION
                ,,,Event,
                ,,,"type == ""$param""\","insert(Candidate.email(""tea-email"").atLocalTime(String.valueOf(""$param"")));"
                ,Tea,Phase,Event type,Send at
                ,Afternoon tea,triggers,tea_requested,tomorrow 16:00
                ,Tea whenever,triggers,tea_whenever,teatime
                """.getBytes(StandardCharsets.UTF_8));
        files.put("tests/tea.yaml", """
                - name: Tea whenever is not sent
                  at: 2026-11-23T10:15:00+01:00
                  customer: {timezone: Europe/Paris, consents: [email]}
                  events: [{type: tea_whenever}]
                  expect:
                    actions: []
                """.getBytes(StandardCharsets.UTF_8));

        List<RuleProblem> problems = new ScenarioGate().check(COMPILER.compile(files), files);

        assertThat(problems).singleElement().satisfies(problem -> assertThat(problem.message())
                .contains("Tea whenever is not sent", "Rule \"Tea whenever\" (tea.drl.csv, row 10) failed", "teatime"));
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
