package io.nextbest.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rows of one group are looked up by their ranges: what is found must not depend on how far apart they are. */
class TableRowsCheckTest {
    private static final String FILE = "bands.drl.csv";

    /** 200 adjacent bands of lifetime value on one event, then the extra rows given (data rows start at row 9). */
    private static List<RuleProblem> check(String... extraRows) {
        StringBuilder table = new StringBuilder("""
                ,RuleSet,nextbest
                ,Import,io.nextbest.facts.*
                ,,
                ,RuleTable Bands
                ,NAME,AGENDA-GROUP,CONDITION,CONDITION,CONDITION,ACTION
                ,,,Event,Customer,Customer,
                ,,,"type == ""$param"", current",lifetimeValue >= $param,lifetimeValue < $param,"insert(Candidate.web(""$param""));"
                ,Band,Phase,Event,From,Below,Banner
                """);
        for (int i = 0; i < 200; i++) {
            table.append(",Band ").append(i).append(",triggers,viewed,").append(i * 10).append(',').append(i * 10 + 10)
                    .append(",banner-").append(i).append('\n');
        }
        for (String row : extraRows) {
            table.append(row).append('\n');
        }
        byte[] content = table.toString().getBytes(StandardCharsets.UTF_8);
        return TableRowsCheck.check(FILE, TableDrl.of(FILE, content));
    }

    @Test
    void adjacentBandsDoNotOverlap() {
        assertThat(check()).isEmpty();
    }

    @Test
    void aRowFarBelowTheBandItMeetsIsFoundAtItsRow() {
        assertThat(check(",Late band,triggers,viewed,35,45,late-banner")).singleElement().satisfies(finding -> {
            assertThat(finding.line()).isEqualTo(209);
            assertThat(finding.message()).contains("Rows 12 and 209").contains("overlap");
        });
    }

    @Test
    void aWideRowIsComparedWithEveryBandItCovers() {
        List<RuleProblem> findings = check(",Everyone,triggers,viewed,0,100000,everyone-banner",
                ",Band 150 again,triggers,viewed,1500,1510,banner-150");

        assertThat(findings).extracting(RuleProblem::line).containsExactly(209, 210);
        assertThat(findings.get(0).message()).startsWith("Rows 9 and 209 (\"Band 0\", \"Everyone\") overlap");
        assertThat(findings.get(1).message()).startsWith("Row 210 (\"Band 150 again\") repeats row 159");
    }

    @Test
    void aRowWithAnEmptyRangeIsStillComparedWithTheRowsAbove() {
        // From 50 below 40 matches nothing: the same conditions as this row's again are a repeat.
        assertThat(check(",Nothing,triggers,viewed,50,40,nothing-banner", ",Nothing again,triggers,viewed,50,40,nothing-banner"))
                .extracting(RuleProblem::line).containsExactly(210);
    }
}
