package io.nextbest.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RulesApiTest {

    @Test
    void theActiveRulesetListsEveryRuleWithItsPhaseAndFile() {
        given().get("/v1/rules").then().statusCode(200)
                .body("version", notNullValue())
                .body("files", hasItems("arbitration.drl", "event-triggers.drl.xlsx", "whitepaper-follow-up.drl.csv"))
                .body("rules.find { it.name == 'Sign-up: welcome email' }.phase", is("triggers"))
                .body("rules.find { it.name == 'Sign-up: welcome email' }.file", is("event-triggers.drl.xlsx"))
                .body("rules.find { it.name == 'Choose the best remaining candidate' }.phase", is("arbitration"));
    }

    @Test
    void reloadingUnchangedFilesKeepsTheVersion() {
        String version = given().get("/v1/rules").then().statusCode(200).extract().path("version");

        given().post("/v1/rules/reload").then().statusCode(200).body("version", is(version));
    }

    @Test
    void readinessReportsTheActiveRulesetVersion() {
        String version = given().get("/v1/rules").then().extract().path("version");

        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'ruleset' }.data.version", is(version))
                .body("checks.name", hasItem("ruleset"));
    }
}
