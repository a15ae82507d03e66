package io.nextbest.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActiveRulesetTest {
    private static final String GOOD = """
            package nextbest;
            import io.nextbest.facts.*;
            rule "Sign-up: welcome"
                agenda-group "triggers"
            when
                Event( type == "signed_up", current )
            then
                insert(Candidate.email("welcome"));
            end
            """;

    @Test
    void aBrokenFolderAtStartLeavesNoRulesetAndTheServiceUp(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("broken.drl"), "rule \"Unfinished\" when");
        ActiveRuleset rulesets = new ActiveRuleset(config(dir), java.time.Clock.systemUTC(), java.util.List.of(), null);

        rulesets.loadAtStartup(null);

        assertThat(rulesets.current()).isEmpty();
    }

    @Test
    void aBrokenReloadKeepsThePreviousRulesetServing(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("welcome.drl"), GOOD);
        ActiveRuleset rulesets = new ActiveRuleset(config(dir), java.time.Clock.systemUTC(), java.util.List.of(), null);
        String version = rulesets.reload().version();

        Files.writeString(dir.resolve("welcome.drl"), GOOD.replace("end", ""));

        assertThatThrownBy(rulesets::reload).isInstanceOf(RulesetRejectedException.class);
        assertThat(rulesets.current()).get().extracting(Ruleset::version).isEqualTo(version);
    }

    @Test
    void aFixedFolderReloadsToANewVersion(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("welcome.drl"), GOOD);
        ActiveRuleset rulesets = new ActiveRuleset(config(dir), java.time.Clock.systemUTC(), java.util.List.of(), null);
        String first = rulesets.reload().version();

        Files.writeString(dir.resolve("welcome.drl"), GOOD.replace("\"welcome\"", "\"welcome-v2\""));

        assertThat(rulesets.reload().version()).isNotEqualTo(first);
    }

    private static RulesConfig config(Path dir) {
        return new RulesConfig() {
            @Override
            public String dir() {
                return dir.toString();
            }

            @Override
            public int maxFiringsPerDecision() {
                return 10_000;
            }

            @Override
            public String watchInterval() {
                return "off";
            }

            @Override
            public int historySize() {
                return 3;
            }
        };
    }
}
