package io.nextbest.rules.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.nextbest.rules.RuleFiles;
import io.nextbest.rules.TableDrl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Every sample rule, decision tables included, keeps to what rules may call. */
class SampleRulesInSandboxTest {

    @Test
    void everySampleRuleAndTableIsAccepted() {
        Map<String, String> drl = new TreeMap<>();
        RuleFiles.read(Path.of("rules")).forEach((name, content) -> {
            if (RuleFiles.isDecisionTable(name)) {
                drl.put(name, TableDrl.of(name, content));
            } else if (name.endsWith(".drl")) {
                drl.put(name, new String(content, StandardCharsets.UTF_8));
            }
        });

        assertThat(drl).hasSizeGreaterThan(5);
        assertThat(RuleSandbox.check(drl)).isEmpty();
    }
}
