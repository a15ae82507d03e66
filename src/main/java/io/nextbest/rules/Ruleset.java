package io.nextbest.rules;

import java.time.Instant;
import java.util.List;
import org.kie.api.KieBase;

/**
 * A compiled, immutable set of rules. {@code version} is a hash of the files' content, so the same
 * files always give the same version on every replica.
 */
public record Ruleset(String version, Instant loadedAt, KieBase kieBase, List<String> files, List<RuleInfo> rules,
                      List<RuleProblem> warnings) {
    public Ruleset {
        files = List.copyOf(files);
        rules = List.copyOf(rules);
        warnings = List.copyOf(warnings);
    }
}
