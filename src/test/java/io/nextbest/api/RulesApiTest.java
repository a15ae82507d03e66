package io.nextbest.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

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
    void coverageSaysWhichScenariosFireEachRuleAndTableRow() {
        int rules = given().get("/v1/rules").then().extract().path("rules.size()");

        given().get("/v1/rules/coverage").then().statusCode(200)
                .body("rules", is(rules))
                .body("coverage.size()", is(rules))
                .body("coverage.find { it.rule == 'Sign-up: welcome email' }.file", is("event-triggers.drl.xlsx"))
                .body("coverage.find { it.rule == 'Sign-up: welcome email' }.row", greaterThan(0))
                .body("coverage.find { it.rule == 'Sign-up: welcome email' }.firedBy",
                        hasItem("Sign-up gets the welcome email from the spreadsheet"))
                .body("coverage.find { it.rule == 'Choose the best remaining candidate' }.row", nullValue());
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
