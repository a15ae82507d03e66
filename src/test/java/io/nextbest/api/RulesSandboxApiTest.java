package io.nextbest.api;

import static io.nextbest.api.Api.MONDAY_10_15_PARIS;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Rules sent to the service keep to the sandbox: validate and simulate refuse what leaves it. (Activate and
 * reload go through the same compiler; a refused activation here would leave the last reload failed for the
 * tests that follow.)
 */
@QuarkusTest
class RulesSandboxApiTest {
    private static final String EXIT = """
            package nextbest;
            import io.nextbest.facts.*;

            rule "Shut the replica down"
                agenda-group "triggers"
            when
                Event( type == "signed_up" )
            then
                System.exit(0);
            end
            """;
    private static final String READ_PASSWORDS = """
            package nextbest;
            import io.nextbest.facts.*;

            rule "Read the passwords"
                agenda-group "triggers"
            when
                Event( type == "signed_up" )
            then
                String passwords = java.nio.file.Files.readString(java.nio.file.Path.of("/etc/passwd"));
                insert(Candidate.web(passwords));
            end
            """;

    @Test
    void validateRefusesSystemExitAtItsLineAndTheReplicaStaysUp() {
        given().contentType(ContentType.JSON)
                .body(Map.of("files", List.of(Map.of("name", "exit.drl", "content", EXIT))))
                .post("/v1/rules/validate").then().statusCode(200)
                .body("valid", is(false))
                .body("problems[0].file", is("exit.drl"))
                .body("problems[0].line", is(9))
                .body("problems[0].message", is("rules may not call System.exit"));

        given().get("/v1/rules").then().statusCode(200);
    }

    @Test
    void simulatingACandidateFileThatReadsAFileIsRefused() {
        given().contentType(ContentType.JSON)
                .body(Map.of("request", Map.of("customerId", "sandbox-1", "at", MONDAY_10_15_PARIS,
                                "events", List.of(Map.of("type", "signed_up"))),
                        "files", List.of(Map.of("name", "passwords.drl", "content", READ_PASSWORDS))))
                .post("/v1/simulate").then().statusCode(422)
                .body("problems[0].file", is("passwords.drl"))
                .body("problems[0].line", is(9))
                .body("problems[0].message", startsWith("rules may not call java.nio.file.Files.readString"));
    }

    @Test
    void theSampleRulesFolderIsAccepted() {
        given().contentType(ContentType.JSON)
                .body(Map.of("files", List.of()))
                .post("/v1/rules/validate").then().statusCode(200)
                .body("valid", is(true))
                .body("files", hasItem("whitepaper-follow-up.drl.csv"));
    }
}
