package io.nextbest.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Every ruleset build passes the sandbox: tables at their row, and only plain Java when it is turned off. */
class SandboxedCompilerTest {
    private static final String TABLE = "whitepaper-follow-up.drl.csv";
    private static final String CURRENT_TIME = """
            package nextbest;
            import io.nextbest.facts.*;
            rule "Read the clock"
                agenda-group "triggers"
            when
                Event( )
            then
                insert(Candidate.web("at-" + System.currentTimeMillis()));
            end
            """;

    @Test
    void aTableCellThatBreaksOutOfItsStringIsRefusedAtItsRow() throws IOException {
        String table = Files.readString(Path.of("rules", TABLE));
        // Row 10's priority cell closes the call its template puts it in and calls System.exit.
        String escaped = table.replaceFirst("email\",70,nurture",
                "email\",\"70); System.exit(0); proposal.priority(1\",nurture");
        assertThat(escaped).isNotEqualTo(table);
        Map<String, byte[]> files = new TreeMap<>(RuleFiles.read(Path.of("rules")));
        files.put(TABLE, escaped.getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> new RulesetCompiler(Clock.systemUTC()).compile(files))
                .isInstanceOfSatisfying(RulesetRejectedException.class, rejected ->
                        assertThat(rejected.problems()).singleElement().satisfies(problem -> {
                            assertThat(problem.file()).isEqualTo(TABLE);
                            assertThat(problem.line()).isEqualTo(10);
                            assertThat(problem.message()).endsWith("rules may not call System.exit");
                        }));
    }

    @Test
    void withTheSandboxOffRulesMayCallPlainJava() {
        Map<String, byte[]> files = Map.of("clock.drl", CURRENT_TIME.getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> new RulesetCompiler(Clock.systemUTC()).compile(files))
                .isInstanceOf(RulesetRejectedException.class)
                .hasMessageContaining("rules may not call System.currentTimeMillis");
        assertThat(new RulesetCompiler(Clock.systemUTC(), false).compile(files).rules()).hasSize(1);
    }
}
