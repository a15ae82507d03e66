package io.nextbest.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableCellCheckTest {
    private static final String FILE = "offers.drl.csv";
    private static final String HEADER = """
            ,RuleSet,nextbest
            ,Import,io.nextbest.facts.*
            ,RuleTable Offers,,,,,,
            ,NAME,AGENDA-GROUP,CONDITION,CONDITION,ACTION,ACTION,ACTION,ACTION
            ,,,Event,Customer,,,,
            ,,,"type == ""$param"", current",lifetimeValue >= $param,"Candidate proposal = Candidate.of(""$1"", ""$2"");",proposal.priority($param);,proposal.withinHours($param);,"insert(proposal.atLocalTime(""$param""));"
            ,Offer,Phase,Event,Value at least,"Action id, channel",Priority,Useful for (h),Send at
            """;

    private static List<RuleProblem> check(String... rows) {
        String csv = HEADER + String.join("\n", rows) + "\n";
        return TableCellCheck.check(FILE, TableDrl.cellsOf(FILE, csv.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aMisspeltSendTimeIsAnErrorAtItsCellWithTheTimeMeant() {
        assertThat(check(",Late offer,triggers,signed_up,0,\"late-offer, email\",50,2,tomorow 18:00"))
                .singleElement().satisfies(problem -> {
                    assertThat(problem.file()).isEqualTo(FILE);
                    assertThat(problem.line()).isEqualTo(8);
                    assertThat(problem.column()).isEqualTo(9);
                    assertThat(problem.severity()).isEqualTo(RuleProblem.Severity.ERROR);
                    assertThat(problem.message()).startsWith("row 8, column I: 'tomorow 18:00' is not a send time"
                            + " (did you mean 'tomorrow 18:00'?)");
                });
    }

    @Test
    void anHourWithoutItsLeadingZeroIsSuggestedWithIt() {
        assertThat(check(",Late offer,triggers,signed_up,0,\"late-offer, email\",50,2,monday 9:00"))
                .singleElement().extracting(RuleProblem::message).asString().contains("(did you mean 'monday 09:00'?)");
    }

    @Test
    void anActionCellWithoutItsChannelIsAnErrorNamingTheChannels() {
        assertThat(check(",No channel,triggers,signed_up,0,late-offer,50,2,"))
                .singleElement().satisfies(problem -> {
                    assertThat(problem.column()).isEqualTo(6);
                    assertThat(problem.message()).startsWith("row 8, column F: 'late-offer' lacks a channel: 'email', 'sms'")
                            .contains("e.g. 'late-offer, email'");
                });
    }

    @Test
    void aSettingGetsTheKindOfNumberItTakesAndPassesItsOwnChecks() {
        assertThat(check(",Words,triggers,signed_up,0,\"offer, email\",high,2,",
                ",Negative,triggers,signed_up,0,\"offer, sms\",50,-2,"))
                .extracting(RuleProblem::message).containsExactly(
                        "row 8, column G: 'high' is not a whole number, which priority(…) takes",
                        "row 9, column H: withinHours(-2) fails: A send delay cannot be negative: PT-2H");
    }

    @Test
    void aComparedValueMustBeANumber() {
        assertThat(check(",Words,triggers,signed_up,lots,\"offer, email\",50,2,"))
                .singleElement().extracting(RuleProblem::message)
                .isEqualTo("row 8, column E: 'lots' is not a number, and the column compares with one");
    }

    @Test
    void theSampleTablesAreClean() throws Exception {
        for (String table : List.of("event-triggers.drl.xlsx", "whitepaper-follow-up.drl.csv")) {
            byte[] content = Files.readAllBytes(Path.of("rules", table));
            assertThat(TableDrl.cellsOf(table, content)).as(table).hasSizeGreaterThan(10);
            assertThat(TableCellCheck.check(table, TableDrl.cellsOf(table, content))).as(table).isEmpty();
        }
    }
}
