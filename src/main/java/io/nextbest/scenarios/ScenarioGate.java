package io.nextbest.scenarios;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.nextbest.rules.RuleFiles;
import io.nextbest.rules.RuleProblem;
import io.nextbest.rules.Ruleset;
import io.nextbest.rules.RulesetGate;
import io.nextbest.rules.RulesConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The analysts' scenario tests as a gate: a ruleset whose scenarios fail never goes live, and the
 * problem says which expectation failed and which rules fired.
 */
@ApplicationScoped
public class ScenarioGate implements RulesetGate {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()).registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The CPU time a run of all the scenarios may take when nothing else is configured (nextbest.rules.scenarios.budget). */
    public static final Duration DEFAULT_BUDGET = Duration.ofSeconds(30);

    /** The share of rules, in percent, the scenarios must fire; 0 only reports. */
    private final int requiredCoverage;
    private final Duration budget;

    /** A gate on the scenarios alone, whatever share of the rules they fire. */
    public ScenarioGate() {
        this(0);
    }

    /** @param requiredCoverage the share of rules, in percent, the scenarios must fire */
    public ScenarioGate(int requiredCoverage) {
        this(requiredCoverage, DEFAULT_BUDGET);
    }

    /**
     * @param requiredCoverage the share of rules, in percent, the scenarios must fire
     * @param budget           the CPU time all the scenarios may take together
     */
    public ScenarioGate(int requiredCoverage, Duration budget) {
        this.requiredCoverage = requiredCoverage;
        this.budget = budget;
    }

    @Inject
    ScenarioGate(RulesConfig config) {
        this(config.minScenarioCoverage(), config.scenarios().budget());
    }

    /** What running a ruleset's scenarios found: the failed ones, and which rules they fired. */
    public record Run(List<RuleProblem> problems, ScenarioCoverage coverage) {
    }

    @Override
    public List<RuleProblem> check(Ruleset ruleset, Map<String, byte[]> files) {
        return problemsOf(run(ruleset, files, budget));
    }

    /** The problems, and a warning for every rule no scenario test fires (at its line, or its table's row). */
    @Override
    public Findings review(Ruleset ruleset, Map<String, byte[]> files) {
        Run run = run(ruleset, files, budget);
        return new Findings(problemsOf(run), untested(run.coverage(), files));
    }

    /** A warning for every rule no scenario fires (one in all when there are no scenario tests). */
    public static List<RuleProblem> untested(ScenarioCoverage coverage, Map<String, byte[]> files) {
        if (coverage.tested() == 0 && files.keySet().stream().noneMatch(RuleFiles::isScenarioFile)) {
            return coverage.rules() == 0 ? List.of() : List.of(RuleProblem.warning(RuleFiles.TESTS, 0,
                    "There are no scenario tests: none of the " + coverage.rules() + " rules is tested, so a change"
                            + " could break any of them unnoticed. Add scenarios in tests/*.yaml."));
        }
        List<RuleProblem> warnings = new ArrayList<>();
        Map<String, Map<String, Integer>> declarations = new HashMap<>();
        for (ScenarioCoverage.RuleCoverage rule : coverage.coverage()) {
            if (rule.firedBy().isEmpty()) {
                warnings.add(RuleProblem.warning(rule.file(), rule.row() != null ? rule.row() : lineOf(rule, files, declarations),
                        "No scenario test fires rule \"" + rule.rule() + "\": a change could break it unnoticed."
                                + " Add a scenario to tests/ that makes it fire.", rule.rule()));
            }
        }
        return warnings;
    }

    /** The line of a DRL rule's declaration; 0 when not found. Each file is read once, into {@code declarations}. */
    private static int lineOf(ScenarioCoverage.RuleCoverage rule, Map<String, byte[]> files,
                              Map<String, Map<String, Integer>> declarations) {
        byte[] content = files.get(rule.file());
        return content == null ? 0 : declarations.computeIfAbsent(rule.file(), file -> RuleFiles.declarationLines(content))
                .getOrDefault(rule.rule(), 0);
    }

    /** The problems of a run: its failed scenarios, and too little coverage when a share is required. */
    public List<RuleProblem> problemsOf(Run run) {
        ScenarioCoverage coverage = run.coverage();
        if (coverage.percent() >= requiredCoverage) {
            return run.problems();
        }
        List<RuleProblem> problems = new ArrayList<>(run.problems());
        problems.add(new RuleProblem(RuleFiles.TESTS, 0, 0, "The scenario tests fire " + coverage.tested() + " of "
                + coverage.rules() + " rules (" + coverage.percent() + " %), fewer than the " + requiredCoverage
                + " % required (nextbest.rules.min-scenario-coverage). No scenario fires: "
                + String.join("; ", coverage.untested())));
        return problems;
    }

    /** As {@link #run(Ruleset, Map, Duration)} within the default budget. */
    public static Run run(Ruleset ruleset, Map<String, byte[]> files) {
        return run(ruleset, files, DEFAULT_BUDGET);
    }

    /**
     * Runs every scenario of {@code files} against {@code ruleset}: its failures, and the rules each one fired. Past
     * {@code budget} of CPU time the remaining scenarios are not run, and a problem says where the time went.
     */
    public static Run run(Ruleset ruleset, Map<String, byte[]> files, Duration budget) {
        ScenarioBudget spending = new ScenarioBudget(budget);
        List<RuleProblem> problems = new ArrayList<>();
        Map<String, List<String>> firedBy = new HashMap<>();
        files.forEach((name, content) -> {
            if (!RuleFiles.isScenarioFile(name)) {
                return;
            }
            List<Scenario> scenarios;
            try {
                scenarios = read(content);
            } catch (IOException unreadable) {
                int line = lineOf(unreadable, content);
                problems.add(new RuleProblem(name, line, 0, "The scenario file cannot be read: "
                        + (unreadable instanceof JsonProcessingException json ? json.getOriginalMessage() : unreadable.getMessage())));
                return;
            }
            for (Scenario scenario : scenarios) {
                try {
                    ScenarioRunner.Result result = spending.run(name, scenario,
                            limits -> ScenarioRunner.run(ruleset, scenario, limits));
                    if (result == null) {
                        continue; // not run: the budget is spent
                    }
                    result.firedRules().forEach(rule -> firedBy.computeIfAbsent(rule, fired -> new ArrayList<>()).add(scenario.name()));
                    if (!result.passed()) {
                        problems.add(new RuleProblem(name, 0, 0, "Scenario \"" + scenario.name() + "\" failed: "
                                + String.join("; ", result.failures()) + ". Rules fired: " + result.firedRules()));
                    }
                } catch (IllegalArgumentException | java.time.DateTimeException bad) {
                    problems.add(new RuleProblem(name, 0, 0, "Scenario \"" + scenario.name() + "\": " + bad.getMessage()));
                }
            }
        });
        if (spending.exceeded()) {
            problems.add(0, spending.problem());
        }
        return new Run(problems, ScenarioCoverage.of(ruleset, firedBy));
    }

    /** The line to show the analyst: where the unknown field is written, or where the parser stopped. */
    private static int lineOf(IOException error, byte[] content) {
        if (error instanceof UnrecognizedPropertyException unknown) {
            String[] lines = new String(content, StandardCharsets.UTF_8).split("\\R");
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].matches(".*\\b" + Pattern.quote(unknown.getPropertyName()) + "\\s*:.*")) {
                    return i + 1;
                }
            }
        }
        return error instanceof JsonProcessingException json && json.getLocation() != null
                ? json.getLocation().getLineNr() : 0;
    }

    public static List<Scenario> read(byte[] content) throws IOException {
        return Arrays.asList(YAML.readValue(content, Scenario[].class));
    }
}
