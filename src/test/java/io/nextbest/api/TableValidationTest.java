package io.nextbest.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What fails live fails validation first: misnamed uploads, table cells of the wrong kind, misspelt values. */
@QuarkusTest
class TableValidationTest {

    @Test
    void anUploadedTableTheFolderWouldIgnoreIsRefusedNamingTheFileAndTheRule() throws Exception {
        String xlsx = Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of("rules/event-triggers.drl.xlsx")));

        given().contentType(ContentType.JSON)
                .body(Map.of("files", List.of(Map.of("name", "triggers.xlsx", "content", xlsx, "encoding", "base64"))))
                .post("/v1/rules/validate").then().statusCode(400)
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
}
