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
        ActiveRuleset rulesets = new ActiveRuleset(config(dir), java.time.Clock.systemUTC(), java.util.List.of(), null, null, null);

        rulesets.loadAtStartup(null);

        assertThat(rulesets.current()).isEmpty();
    }

    @Test
    void aBrokenReloadKeepsThePreviousRulesetServing(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("welcome.drl"), GOOD);
        ActiveRuleset rulesets = new ActiveRuleset(config(dir), java.time.Clock.systemUTC(), java.util.List.of(), null, null, null);
        String version = rulesets.reload().version();

        Files.writeString(dir.resolve("welcome.drl"), GOOD.replace("end", ""));

        assertThatThrownBy(rulesets::reload).isInstanceOf(RulesetRejectedException.class);
        assertThat(rulesets.current()).get().extracting(Ruleset::version).isEqualTo(version);
    }

    @Test
    void aFixedFolderReloadsToANewVersion(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("welcome.drl"), GOOD);
        ActiveRuleset rulesets = new ActiveRuleset(config(dir), java.time.Clock.systemUTC(), java.util.List.of(), null, null, null);
        String first = rulesets.reload().version();

        Files.writeString(dir.resolve("welcome.drl"), GOOD.replace("\"welcome\"", "\"welcome-v2\""));

        assertThat(rulesets.reload().version()).isNotEqualTo(first);
    }

    @Test
    void aReloadFreesTheReplacedRulesetsIdleSessions(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("welcome.drl"), GOOD);
        ActiveRuleset rulesets = new ActiveRuleset(config(dir), java.time.Clock.systemUTC(), java.util.List.of(), null, null, null);
        Ruleset replaced = rulesets.reload();
        replaced.sessions().giveBack(replaced.sessions().borrow());

        Files.writeString(dir.resolve("welcome.drl"), GOOD.replace("\"welcome\"", "\"welcome-v2\""));
        Ruleset active = rulesets.reload();

        assertThat(replaced.sessions().isClosed()).isTrue();
        assertThat(replaced.sessions().idleCount()).isZero();
        assertThat(active.sessions().isClosed()).isFalse();
    }

    @Test
    void aConfigMapUpdateBySymlinkFlipIsPickedUp(@TempDir Path dir) throws Exception {
        // The layout Kubernetes gives a mounted ConfigMap: visible names link into ..data, a link to a
        // timestamped folder; an update writes a new folder and renames a new ..data link over the old one.
        Path first = Files.createDirectory(dir.resolve("..2026_11_22_10_00_00.1"));
        Files.writeString(first.resolve("welcome.drl"), GOOD);
        Files.createSymbolicLink(dir.resolve("..data"), Path.of(first.getFileName().toString()));
        Files.createSymbolicLink(dir.resolve("welcome.drl"), Path.of("..data/welcome.drl"));
        ActiveRuleset rulesets = new ActiveRuleset(config(dir), java.time.Clock.systemUTC(), java.util.List.of(), null, null, null);
        String before = rulesets.reload().version();

        Path second = Files.createDirectory(dir.resolve("..2026_11_22_10_05_00.2"));
        Files.writeString(second.resolve("welcome.drl"), GOOD.replace("\"welcome\"", "\"welcome-v2\""));
        Path newLink = Files.createSymbolicLink(dir.resolve("..data_tmp"), Path.of(second.getFileName().toString()));
        Files.move(newLink, dir.resolve("..data"), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.delete(first.resolve("welcome.drl"));
        Files.delete(first);

        assertThat(rulesets.sync(false)).get().extracting(Ruleset::version).isNotEqualTo(before);
        assertThat(rulesets.current().get().files()).containsExactly("welcome.drl");
        assertThat(rulesets.sync(false)).isEmpty();
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
            public java.time.Duration timeBudgetPerDecision() {
                return java.time.Duration.ofSeconds(1);
            }

            @Override
            public String watchInterval() {
                return "off";
            }

            @Override
            public int minScenarioCoverage() {
                return 0;
            }

            @Override
            public int historySize() {
                return 3;
            }

            @Override
            public Sandbox sandbox() {
                return () -> true;
            }

            @Override
            public Builds builds() {
                throw new UnsupportedOperationException("These rulesets are built without a database");
            }

            @Override
            public Scenarios scenarios() {
                return () -> java.time.Duration.ofSeconds(30);
            }
        };
    }
}
