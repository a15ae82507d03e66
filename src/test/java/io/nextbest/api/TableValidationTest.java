package io.nextbest.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.apache.poi.ss.util.CellReference;
import org.junit.jupiter.api.Test;

/** What fails live fails validation first: misnamed uploads, table cells of the wrong kind, misspelt values. */
@QuarkusTest
class TableValidationTest {

    @Test
    void aMisspeltSendTimeInASpreadsheetIsAnErrorAtItsCell() throws Exception {
        validate(Map.of("name", "event-triggers.drl.xlsx", "encoding", "base64",
                        "content", sampleTriggersWith("H12", "tomorow 18:00"))).statusCode(200)
                .body("valid", is(false))
                .body("problems[0].file", is("event-triggers.drl.xlsx"))
                .body("problems[0].line", is(12))
                .body("problems[0].column", is(8))
                .body("problems[0].message", startsWith("Sheet 'Event triggers', row 12, column H: 'tomorow 18:00' is not"
                        + " a send time (did you mean 'tomorrow 18:00'?)"));
    }

    @Test
    void anActionCellWithoutItsChannelIsAnErrorAtItsCell() throws Exception {
        String table = Files.readString(Path.of("rules/whitepaper-follow-up.drl.csv"))
                .replace("\"whitepaper-related-content, email\"", "whitepaper-related-content");

        validate(Map.of("name", "whitepaper-follow-up.drl.csv", "content", table)).statusCode(200)
                .body("valid", is(false))
                .body("problems[0].line", is(11))
                .body("problems[0].column", is(9))
                .body("problems[0].message", startsWith("row 11, column I: 'whitepaper-related-content' lacks a channel:"
                        + " 'email', 'sms', 'push', 'web', 'ads' or another"));
    }

    @Test
    void aMisspeltSegmentInARuleIsAWarningWithTheSegmentMeant() {
        String rule = """
                package nextbest;
                import io.nextbest.facts.*;

                rule "Enterprise visitors see the enterprise banner"
                    agenda-group "triggers"
                when
                    Customer( segment == "enterprize" )
                    Context( channel == "web" )
                then
                    insert(Candidate.web("enterprise-banner"));
                end
                """;

        validate(Map.of("name", "enterprise-banner.drl", "content", rule)).statusCode(200)
                .body("valid", is(true))
                .body("warnings.find { it.message.startsWith('Segment') }.file", is("enterprise-banner.drl"))
                .body("warnings.find { it.message.startsWith('Segment') }.line", is(7))
                .body("warnings.find { it.message.startsWith('Segment') }.message", containsString(
                        "Segment 'enterprize' is used only here, and 'enterprise'"))
                .body("warnings.find { it.message.startsWith('Segment') }.message", containsString(
                        "did you mean 'enterprise'?"));
    }

    @Test
    void aMisspeltSegmentInATableCellIsAWarningAtItsCell() throws Exception {
        validate(Map.of("name", "event-triggers.drl.xlsx", "encoding", "base64",
                "content", sampleTriggersWith("E11", "enterprize"))).statusCode(200)
                // The row no longer matches enterprise customers: the sample scenario that expects it fails too.
                .body("problems.message", hasItem(containsString("Enterprise sign-up gets the onboarding call invite")))
                .body("warnings.find { it.line == 11 && it.column == 5 }.message", startsWith("Sheet 'Event triggers',"
                        + " row 11, column E: Segment 'enterprize' is used only here, and 'enterprise' (used in"
                        + " sales-signals.drl line 21) is a slip away: did you mean 'enterprise'?"));
    }

    @Test
    void anUploadedTableTheFolderWouldIgnoreIsRefusedNamingTheFileAndTheRule() throws Exception {
        String xlsx = Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of("rules/event-triggers.drl.xlsx")));

        validate(Map.of("name", "triggers.xlsx", "content", xlsx, "encoding", "base64")).statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("files[0].name"))
                .body("errors[0].message", containsString("triggers.xlsx"))
                .body("errors[0].message", containsString("rename it to triggers.drl.xlsx"));
    }

    @Test
    void anUploadedFileTheFolderWouldSkipIsRefusedOnActivateToo() {
        given().contentType(ContentType.JSON)
                .body(Map.of("files", List.of(Map.of("name", "notes.txt", "content", "remember the milk"))))
                .post("/v1/rules/activate").then().statusCode(400)
                .body("errors.field", hasItem("files[0].name"))
                .body("errors[0].message", containsString("would be ignored"));
    }

    @Test
    void aNameOutsideTheFolderIsRefusedOnceAsSuch() {
        validate(Map.of("name", "../triggers.xlsx", "content", "x")).statusCode(400)
                .body("errors.message", contains("must be a file name inside the rules folder"));
    }

    /** The sample spreadsheet of triggers with one cell changed, as base64. */
    private static String sampleTriggersWith(String cell, String text) throws Exception {
        try (Workbook workbook = WorkbookFactory.create(Files.newInputStream(Path.of("rules/event-triggers.drl.xlsx")));
             ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            CellReference at = new CellReference(cell);
            Row row = workbook.getSheetAt(0).getRow(at.getRow());
            (row.getCell(at.getCol()) == null ? row.createCell(at.getCol()) : row.getCell(at.getCol())).setCellValue(text);
            workbook.write(out);
            return Base64.getEncoder().encodeToString(out.toByteArray());
        }
    }

    private static ValidatableResponse validate(Map<String, String> file) {
        return given().contentType(ContentType.JSON).body(Map.of("files", List.of(file))).post("/v1/rules/validate").then();
    }
}
