package io.nextbest.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import io.nextbest.support.SeededMistakes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesetCompilerTest {
    private static final String HEADER = "package nextbest;\nimport io.nextbest.facts.*;\n";
    private final RulesetCompiler compiler = new RulesetCompiler(Clock.systemUTC());

    @Test
    void sampleRulesCompileWithEveryTableRowAsARule() {
        Ruleset ruleset = compiler.compile(RuleFiles.read(Path.of("rules")));

        assertThat(ruleset.rules()).extracting(RuleInfo::name).contains(
                "Read closely: invite to a demo",
                "Skimmed: send related content",
                "Barely opened: remind on the website",
                "Sign-up: welcome email",
                "Purchase: start the onboarding series");
        assertThat(ruleset.rules()).filteredOn(rule -> rule.file().equals("whitepaper-follow-up.drl.csv")).hasSize(3);
        assertThat(ruleset.rules()).filteredOn(rule -> rule.file().equals("event-triggers.drl.xlsx")).hasSize(5);
        assertThat(ruleset.rules()).allSatisfy(rule -> assertThat(Phase.isPhase(rule.phase())).isTrue());
    }

    @Test
    void theSampleRulesGiveTheLintNothingToSay() {
        assertThat(compiler.compile(RuleFiles.read(Path.of("rules"))).warnings()).isEmpty();
    }

    @Test
    void seededMistakesAreWarnedOfWithTheirFileAndLine() {
        Map<String, byte[]> files = new TreeMap<>(RuleFiles.read(Path.of("rules")));
        files.put("mistakes.drl", (HEADER + """
                rule "A trigger waits for a selection that is never made in its phase"
                    agenda-group "triggers"
                when
                    Selection( )
                then
                    insert(Candidate.web("never"));
                end

                rule "Hello on WhatsApp"
                    agenda-group "triggers"
                when
                    Event( type == "signed_up", current )
                then
                    insert(Candidate.of("whatsapp-hello", "whatsapp").priority(10));
                end
                """).getBytes(StandardCharsets.UTF_8));
        // No global cap any more, a cap on a channel nothing uses, and a category with a typo.
        String caps = new String(files.get("caps.csv"), StandardCharsets.UTF_8)
                .replace("global,*,5,7d,At most 5 contacts of any kind in 7 days", "channel,fax,1,24h,At most 1 fax a day")
                .replace("category,cart-recovery,", "category,cart-recovry,");
        files.put("caps.csv", caps.getBytes(StandardCharsets.UTF_8));
        int faxLine = lineOf(caps, "channel,fax");
        int typoLine = lineOf(caps, "cart-recovry");

        Ruleset ruleset = compiler.compile(files);

        assertThat(ruleset.warnings()).anySatisfy(warning -> {
            assertThat(warning.file()).isEqualTo("mistakes.drl");
            assertThat(warning.line()).isEqualTo(3);
            assertThat(warning.message()).contains("A trigger waits for a selection").contains("can never fire");
        });
        assertThat(ruleset.warnings()).anySatisfy(warning -> {
            assertThat(warning.file()).isEqualTo("mistakes.drl");
            assertThat(warning.line()).isEqualTo(11);
            assertThat(warning.message()).contains("Hello on WhatsApp").contains("whatsapp contacts, which no cap");
        });
        assertThat(ruleset.warnings()).anySatisfy(warning -> {
            assertThat(warning.file()).isEqualTo("caps.csv");
            assertThat(warning.line()).isEqualTo(faxLine);
            assertThat(warning.message()).contains("channel 'fax' counts nothing");
        });
        assertThat(ruleset.warnings()).anySatisfy(warning -> {
            assertThat(warning.line()).isEqualTo(typoLine);
            assertThat(warning.message()).contains("category 'cart-recovry' counts nothing").contains("cart-recovery");
        });
    }

    @Test
    void decisionTableRowsThatRepeatOrShadowOthersAreWarnedOfWithTheirRow() {
        Map<String, byte[]> files = new TreeMap<>(RuleFiles.read(Path.of("rules")));
        String table = new String(files.get("whitepaper-follow-up.drl.csv"), StandardCharsets.UTF_8).stripTrailing()
                // Row 13: matches every download (at least 0 s, 0 %) and goes first: rows 10 to 12 never fire.
                + "\n,Everyone: a reminder banner,40,whitepaper follow-up,triggers,whitepaper_downloaded,0,0,\"whitepaper-banner, web\",30,nurture"
                // Row 14: row 11 again, under another name.
                + "\n,Skimmed (again): send related content,20,whitepaper follow-up,triggers,whitepaper_downloaded,30,25,\"whitepaper-related-content, email\",55,nurture\n";
        files.put("whitepaper-follow-up.drl.csv", table.getBytes(StandardCharsets.UTF_8));

        Ruleset ruleset = compiler.compile(files);

        assertThat(ruleset.warnings()).filteredOn(warning -> warning.file().equals("whitepaper-follow-up.drl.csv"))
                .anySatisfy(warning -> {
                    assertThat(warning.line()).isEqualTo(11);
                    assertThat(warning.message()).contains("Row 11 (\"Skimmed: send related content\") can never fire: row 13");
                })
                .anySatisfy(warning -> {
                    assertThat(warning.line()).isEqualTo(12);
                    assertThat(warning.message()).contains("Row 12").contains("can never fire");
                })
                .anySatisfy(warning -> {
                    assertThat(warning.line()).isEqualTo(14);
                    assertThat(warning.message()).contains("Row 14 (\"Skimmed (again): send related content\") repeats row 11");
                });
    }

    @Test
    void overlappingRowsGapsAndUnconsentedChannelsAreWarnedOfWithTheRulesInvolved() {
        Map<String, byte[]> files = new TreeMap<>(RuleFiles.read(Path.of("rules")));
        files.put(SeededMistakes.OFFERS_TABLE, SeededMistakes.OFFERS_BY_SEGMENT.getBytes(StandardCharsets.UTF_8));
        files.put("whatsapp.drl", SeededMistakes.WHATSAPP_HELLO.getBytes(StandardCharsets.UTF_8));

        Ruleset ruleset = compiler.compile(files);

        assertThat(ruleset.warnings()).allSatisfy(warning -> assertThat(warning.severity()).isEqualTo(RuleProblem.Severity.WARNING));
        assertThat(ruleset.warnings()).filteredOn(warning -> warning.file().equals(SeededMistakes.OFFERS_TABLE))
                .anySatisfy(warning -> {
                    assertThat(warning.line()).isEqualTo(10);
                    assertThat(warning.message()).contains("Rows 9 and 10").contains("overlap").contains("on web");
                    assertThat(warning.rules()).containsExactly("VIP: lounge banner", "VIP: concierge banner");
                })
                .anySatisfy(warning -> {
                    assertThat(warning.line()).isEqualTo(SeededMistakes.OFFERS_HEADER_ROW);
                    assertThat(warning.message()).contains("cover segment 'regular', 'vip' but not 'enterprise' (used in ");
                })
                .hasSize(2);
        assertThat(ruleset.warnings()).filteredOn(warning -> warning.file().equals("whatsapp.drl"))
                .singleElement().satisfies(warning -> {
                    assertThat(warning.line()).isEqualTo(4);
                    assertThat(warning.message()).contains("proposes whatsapp messages, but no consent rule checks whatsapp")
                            .contains("the consent rules check ads, email, push, sms");
                    assertThat(warning.rules()).containsExactly("Hello on WhatsApp");
                });
    }

    @Test
    void rowsOfOtherRangesOrOnOtherChannelsAreNotOverlaps() {
        Map<String, byte[]> files = new TreeMap<>(RuleFiles.read(Path.of("rules")));
        files.put(SeededMistakes.OFFERS_TABLE, SeededMistakes.OFFERS_BY_SEGMENT
                // Ranges that meet only at 500, which the first excludes; and a segment for enterprise customers.
                .replace("vip,300,100000", "vip,500,100000")
                .replace(",Regular: loyalty banner,triggers,offers_page_viewed,regular,0,100000,\"loyalty-banner, web\"",
                        ",Regular: loyalty banner,triggers,offers_page_viewed,regular,0,100000,\"loyalty-banner, web\"\n"
                                + ",Enterprise: account email,triggers,offers_page_viewed,enterprise,0,100000,\"account-email, email\"")
                .getBytes(StandardCharsets.UTF_8));

        assertThat(compiler.compile(files).warnings()).isEmpty();
    }

    private static int lineOf(String text, String part) {
        String[] lines = text.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(part)) {
                return i + 1;
            }
        }
        throw new AssertionError(part + " not found");
    }

    @Test
    void sameFilesGiveTheSameVersion() {
        Map<String, byte[]> files = RuleFiles.read(Path.of("rules"));

        assertThat(compiler.compile(files).version()).isEqualTo(compiler.compile(files).version());
    }

    @Test
    void aChangedFileGivesANewVersion() {
        Map<String, byte[]> files = new TreeMap<>(RuleFiles.read(Path.of("rules")));
        String before = compiler.compile(files).version();
        files.put("extra.drl", (HEADER + "// a comment changes the content\n").getBytes(StandardCharsets.UTF_8));

        assertThat(compiler.compile(files).version()).isNotEqualTo(before);
    }

    @Test
    void aSyntaxErrorIsReportedWithFileAndLine() {
        Map<String, byte[]> files = Map.of("broken.drl", drl("""
                rule "Broken"
                    agenda-group "triggers"
                when
                    Event( type == "x" 
                then
                end
                """));

        assertThatThrownBy(() -> compiler.compile(files))
                .isInstanceOfSatisfying(RulesetRejectedException.class, rejected ->
                        assertThat(rejected.problems()).anySatisfy(problem -> {
                            assertThat(problem.file()).isEqualTo("broken.drl");
                            assertThat(problem.line()).isBetween(5, 8);
                        }));
    }

    @Test
    void anUnknownFactPropertyIsReported() {
        Map<String, byte[]> files = Map.of("typo.drl", drl("""
                rule "Typo"
                    agenda-group "triggers"
                when
                    Event( typo == "x" )
                then
                end
                """));

        assertThatThrownBy(() -> compiler.compile(files))
                .isInstanceOfSatisfying(RulesetRejectedException.class, rejected ->
                        assertThat(rejected.problems()).anySatisfy(problem -> {
                            assertThat(problem.file()).isEqualTo("typo.drl");
                            assertThat(problem.message()).contains("typo");
                        }));
    }

    @Test
    void aRuleOutsideThePhasesIsRejected() {
        Map<String, byte[]> files = Map.of("nophase.drl", drl("""
                rule "Forgot the phase"
                when
                    Event( type == "x" )
                then
                end
                """));

        assertThatThrownBy(() -> compiler.compile(files))
                .isInstanceOfSatisfying(RulesetRejectedException.class, rejected ->
                        assertThat(rejected.problems()).singleElement().satisfies(problem -> {
                            assertThat(problem.file()).isEqualTo("nophase.drl");
                            assertThat(problem.message()).contains("Forgot the phase", "triggers");
                        }));
    }

    @Test
    void aCsvCellThatLostItsQuotesIsRejectedWithItsRow() {
        String table = """
                ,RuleSet,nextbest
                ,Import,io.nextbest.facts.*
                ,,
                ,RuleTable Quotes lost
                ,NAME,AGENDA-GROUP,CONDITION,ACTION
                ,,,Event,
                ,,,type == "$param","insert(Candidate.web(""$param""));"
                ,Name,Phase,Event type,Action
                ,Lost quotes,triggers,whitepaper_downloaded,banner
                """;
        Map<String, byte[]> files = Map.of("quotes.drl.csv", table.getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> compiler.compile(files))
                .isInstanceOfSatisfying(RulesetRejectedException.class, rejected ->
                        assertThat(rejected.problems()).singleElement().satisfies(problem -> {
                            assertThat(problem.file()).isEqualTo("quotes.drl.csv");
                            assertThat(problem.line()).isEqualTo(9);
                            assertThat(problem.message()).contains("whitepaper_downloaded", "quote");
                        }));
    }

    @Test
    void theCapsTableIsPartOfTheRuleset() {
        Ruleset ruleset = compiler.compile(RuleFiles.read(Path.of("rules")));

        assertThat(ruleset.files()).contains("caps.csv");
        assertThat(ruleset.caps()).extracting(cap -> cap.description())
                .contains("At most 1 SMS in 24 hours", "The same message at most once in 30 days");
    }

    @Test
    void aBadCapsLineIsRejectedWithItsLineNumber() {
        Map<String, byte[]> files = new TreeMap<>(RuleFiles.read(Path.of("rules")));
        files.put("caps.csv", "scope,applies to,max,window\nchannel,sms,1,24h\nchannel,email,three,7d\nchannel,push,1,fortnight\n"
                .getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> compiler.compile(files))
                .isInstanceOfSatisfying(RulesetRejectedException.class, rejected ->
                        assertThat(rejected.problems()).satisfiesExactly(
                                three -> assertThat(three).extracting(RuleProblem::file, RuleProblem::line)
                                        .containsExactly("caps.csv", 3),
                                fortnight -> assertThat(fortnight.message()).contains("fortnight", "local day")));
    }

    @Test
    void anErrorInASpreadsheetCellNamesTheSheetRowAndColumn() throws Exception {
        Map<String, byte[]> files = new TreeMap<>(RuleFiles.read(Path.of("rules")));
        try (org.apache.poi.ss.usermodel.Workbook workbook = org.apache.poi.ss.usermodel.WorkbookFactory.create(
                new java.io.ByteArrayInputStream(files.get("event-triggers.drl.xlsx")))) {
            // Row 12 is "Purchase: start the onboarding series"; column G holds its priority.
            workbook.getSheetAt(0).getRow(11).getCell(6).setCellValue("high");
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            workbook.write(out);
            files.put("event-triggers.drl.xlsx", out.toByteArray());
        }

        assertThatThrownBy(() -> compiler.compile(files))
                .isInstanceOfSatisfying(RulesetRejectedException.class, rejected ->
                        assertThat(rejected.problems()).singleElement().satisfies(problem -> {
                            assertThat(problem.file()).isEqualTo("event-triggers.drl.xlsx");
                            assertThat(problem.line()).isEqualTo(12);
                            assertThat(problem.column()).isEqualTo(7);
                            assertThat(problem.message()).startsWith("Sheet 'Event triggers', row 12, column G: ")
                                    .contains("high");
                        }));
    }

    @Test
    void anErrorInACsvTableCellNamesTheRowAndColumn() {
        Map<String, byte[]> files = new TreeMap<>(RuleFiles.read(Path.of("rules")));
        String csv = new String(files.get("whitepaper-follow-up.drl.csv"), StandardCharsets.UTF_8)
                .replace("\"whitepaper-related-content, email\",55", "\"whitepaper-related-content, email\",fifty");
        files.put("whitepaper-follow-up.drl.csv", csv.getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> compiler.compile(files))
                .isInstanceOfSatisfying(RulesetRejectedException.class, rejected ->
                        assertThat(rejected.problems()).singleElement().satisfies(problem -> {
                            assertThat(problem.line()).isEqualTo(11);
                            assertThat(problem.message()).startsWith("row 11, column J: ").contains("fifty");
                        }));
    }

    @Test
    void aTableWhoseNameDroolsWouldSkipIsRejected(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("triggers.csv"), ",RuleSet,nextbest\n");
        Files.writeString(dir.resolve("ok.drl"), HEADER);

        assertThatThrownBy(() -> RuleFiles.read(dir))
                .isInstanceOfSatisfying(RulesetRejectedException.class, rejected ->
                        assertThat(rejected.problems()).singleElement().satisfies(problem -> {
                            assertThat(problem.file()).isEqualTo("triggers.csv");
                            assertThat(problem.message()).contains("triggers.drl.csv");
                        }));
    }

    @Test
    void hiddenEntriesAndScenarioTestsAreNotRules(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("..2026_11_22_data"));
        Files.writeString(dir.resolve("..2026_11_22_data/old.drl"), "not a rule");
        Files.createDirectories(dir.resolve("tests"));
        Files.writeString(dir.resolve("tests/expected.csv"), "a,b");
        Files.writeString(dir.resolve("ok.drl"), HEADER);

        assertThat(RuleFiles.read(dir)).containsOnlyKeys("ok.drl");
    }

    private static byte[] drl(String rules) {
        return (HEADER + rules).getBytes(StandardCharsets.UTF_8);
    }
}
