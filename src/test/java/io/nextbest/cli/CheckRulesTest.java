package io.nextbest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nextbest.support.RulesFolderCopy;
import io.nextbest.support.SeededMistakes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The rules check as CI runs it: what it prints, and the exit status a pipeline acts on. */
class CheckRulesTest {
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @Test
    void theSampleFolderMayGoLiveAndItsCoverageIsReported() {
        assertThat(CheckRules.run(new String[] {"rules"}, out)).isZero();
        assertThat(output()).contains("rules: may go live, 0 problem(s), 0 warning(s)")
                .containsPattern("Scenario coverage: (\\d+) of \\1 rules \\(100 %\\)");
    }

    @Test
    void aRequiredCoverageTheScenariosDoNotReachFailsTheCheckNamingTheUntestedRules() throws Exception {
        Path folder = RulesFolderCopy.temporaryCopy("nextbest-check-rules");
        Files.writeString(folder.resolve("untested.drl"), SeededMistakes.UNTESTED_TRIGGER);

        assertThat(CheckRules.run(new String[] {"--min-coverage", "100", folder.toString()}, out)).isEqualTo(1);
        assertThat(output()).contains("ERROR tests/: The scenario tests fire").contains("fewer than the 100 % required")
                .contains("  untested.drl: Nobody tests this banner");
    }

    @Test
    void aBrokenFileFailsTheCheckWithItsLine() throws Exception {
        Path folder = RulesFolderCopy.temporaryCopy("nextbest-check-rules");
        Files.writeString(folder.resolve("broken.drl"), """
                package nextbest;
                import io.nextbest.facts.*;
                rule "Unfinished"
                when
                    Event( type == "x" )
                then
                    insert(Candidate.web("y")
                end
                """);

        assertThat(CheckRules.run(new String[] {folder.toString()}, out)).isEqualTo(1);
        assertThat(output()).containsPattern("ERROR broken\\.drl:\\d+").contains(": refused");
    }

    @Test
    void warningsFailTheCheckOnlyWhenAskedTo() throws Exception {
        Path folder = RulesFolderCopy.temporaryCopy("nextbest-check-rules");
        Files.writeString(folder.resolve("unreachable.drl"), SeededMistakes.SELECTION_IN_TRIGGERS);

        assertThat(CheckRules.run(new String[] {folder.toString()}, out)).isZero();
        assertThat(output()).contains("WARNING unreachable.drl:3: Rule \"A trigger that waits for a selection\"");
        assertThat(CheckRules.run(new String[] {"--fail-on-warnings", folder.toString()}, out)).isEqualTo(1);
    }

    @Test
    void everySeededMistakeIsPrintedWithItsFileLineAndSeverity() throws Exception {
        Path folder = RulesFolderCopy.temporaryCopy("nextbest-check-rules");
        for (var file : SeededMistakes.warnedOf(folder).entrySet()) {
            Files.writeString(folder.resolve(file.getKey()), file.getValue());
        }

        assertThat(CheckRules.run(new String[] {folder.toString()}, out)).isZero();
        for (SeededMistakes.Expected expected : SeededMistakes.WARNINGS) {
            assertThat(output().lines()).as("%s", expected).anyMatch(line ->
                    line.startsWith("WARNING " + expected.file() + ":" + expected.line() + ": ") && line.contains(expected.says()));
        }

        Files.writeString(folder.resolve(SeededMistakes.OFFERS_TABLE), SeededMistakes.LOST_QUOTES);
        assertThat(CheckRules.run(new String[] {folder.toString()}, out)).isEqualTo(1);
        SeededMistakes.Expected error = SeededMistakes.LOST_QUOTES_ERROR;
        assertThat(output().lines()).anyMatch(line ->
                line.startsWith("ERROR " + error.file() + ":" + error.line() + ": ") && line.contains(error.says()));
    }

    @Test
    void aBadArgumentIsExitStatusTwo() {
        assertThat(CheckRules.run(new String[] {"--min-coverage", "lots"}, out)).isEqualTo(2);
    }

    private String output() {
        return printed.toString(StandardCharsets.UTF_8);
    }
}
