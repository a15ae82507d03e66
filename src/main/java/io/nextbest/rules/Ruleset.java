package io.nextbest.rules;

import java.time.Instant;
import io.nextbest.facts.CapDeclaration;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import java.util.Map;
import java.util.Optional;
import org.kie.api.KieBase;

/**
 * A compiled, immutable set of rules and the contact caps declared with them. {@code version} is a hash of the files' content, so the same
 * files always give the same version on every replica. {@code sessions} are the ruleset's reusable sessions: they go when the ruleset
 * goes, so a replaced ruleset leaves none behind.
 */
public record Ruleset(String version, Instant loadedAt, KieBase kieBase, List<String> files, List<RuleInfo> rules,
                      List<CapDeclaration> caps, List<RuleProblem> warnings, Map<String, byte[]> sources,
                      SessionPool sessions) {
    public Ruleset {
        files = List.copyOf(files);
        sources = Collections.unmodifiableSortedMap(new TreeMap<>(sources));
        caps = List.copyOf(caps);
        rules = List.copyOf(rules);
        warnings = List.copyOf(warnings);
    }

    /** The rule of that name, as compiled. */
    public Optional<RuleInfo> rule(String name) {
        return rules.stream().filter(rule -> rule.name().equals(name)).findFirst();
    }
}
