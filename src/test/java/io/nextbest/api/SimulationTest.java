package io.nextbest.api;

import static io.nextbest.api.Api.MONDAY_10_15_PARIS;
import static io.nextbest.api.Api.decide;
import static io.nextbest.api.Api.givenCustomer;
import static io.nextbest.api.Api.newCustomerId;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Simulation: a dry-run decision with the full trace, against the live rules or a candidate change. */
@QuarkusTest
class SimulationTest {

    @Test
    void aSimulationShowsTheFactsAndEveryFiringInPhaseOrder() {
        String customer = givenCustomer(newCustomerId()).consentingTo("email").exists();

        simulate(Map.of("request", signUp(customer)))
                .statusCode(200)
                .body("decision.dryRun", is(true))
                .body("decision.actions.actionId", contains("welcome-email"))
                .body("facts", hasItem(containsString("Customer[" + customer)))
                .body("facts", hasItem(containsString("Event[signed_up")))
                .body("firings[0].rule", is("Sign-up: welcome email"))
                .body("firings[0].phase", is("triggers"))
                .body("firings[0].effects[0]", containsString("inserted Candidate[welcome-email"))
                .body("firings[-1].phase", is("arbitration"))
                .body("firings[-1].effects[0]", containsString("inserted Selection[1: welcome-email]"));
    }

    @Test
    void aSimulationStoresAndReservesNothing() {
        String customer = givenCustomer(newCustomerId()).consentingTo("email").exists();
        simulate(Map.of("request", signUp(customer))).statusCode(200);

        // Had the simulation counted a contact, "the same message once in 30 days" would now hold it back.
        decide(customer).at(MONDAY_10_15_PARIS).event("signed_up").then().statusCode(200)
                .body("actions.actionId", contains("welcome-email"));
    }

    @Test
    void aCandidateRuleChangeIsSimulatedWithoutGoingLive() {
        String customer = givenCustomer(newCustomerId()).consentingTo("email").exists();
        String active = given().get("/v1/rules").then().extract().path("version");
        String change = """
                package nextbest;
                import io.nextbest.facts.*;

                rule "Sign-ups are welcomed on the website too"
                    agenda-group "triggers"
                when
                    Event( type == "signed_up", current )
                then
                    insert(Candidate.web("welcome-banner").priority(10));
                end
                """;

        simulate(Map.of("request", withLimit(signUp(customer), 2),
                "files", List.of(Map.of("name", "welcome-banner.drl", "content", change))))
                .statusCode(200)
                .body("decision.actions.actionId", contains("welcome-email", "welcome-banner"))
                .body("decision.rulesetVersion", not(is(active)));

        given().get("/v1/rules").then().body("version", is(active));
    }

    @Test
    void aBrokenCandidateIsA422WithTheProblems() {
        simulate(Map.of("request", signUp("c-1"),
                "files", List.of(Map.of("name", "broken.drl", "content", "rule \"Unfinished\" when"))))
                .statusCode(422)
                .contentType("application/problem+json")
                .body("problems[0].file", is("broken.drl"));
    }

    @Test
    void aSimulationWithoutADecisionRequestIsA400() {
        simulate(Map.of("files", List.of())).statusCode(400).body("errors.field", hasItem("request"));
    }

    private static Map<String, Object> signUp(String customer) {
        return Map.of("customerId", customer, "at", MONDAY_10_15_PARIS, "events", List.of(Map.of("type", "signed_up")));
    }

    private static Map<String, Object> withLimit(Map<String, Object> request, int limit) {
        Map<String, Object> copy = new java.util.HashMap<>(request);
        copy.put("limit", limit);
        return copy;
    }

    private static ValidatableResponse simulate(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/v1/simulate").then().log().ifValidationFails();
    }
}
