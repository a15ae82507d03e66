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
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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

    @Override
    public List<RuleProblem> check(Ruleset ruleset, Map<String, byte[]> files) {
        List<RuleProblem> problems = new ArrayList<>();
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
                    ScenarioRunner.Result result = ScenarioRunner.run(ruleset, scenario);
                    if (!result.passed()) {
                        problems.add(new RuleProblem(name, 0, 0, "Scenario \"" + scenario.name() + "\" failed: "
                                + String.join("; ", result.failures()) + ". Rules fired: " + result.firedRules()));
                    }
                } catch (IllegalArgumentException | java.time.DateTimeException bad) {
                    problems.add(new RuleProblem(name, 0, 0, "Scenario \"" + scenario.name() + "\": " + bad.getMessage()));
                }
            }
        });
        return problems;
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
