package io.nextbest.api;

import static io.nextbest.api.Api.MONDAY_10_15_PARIS;
import static io.nextbest.api.Api.awaitRecorded;
import static io.nextbest.api.Api.decide;
import static io.nextbest.api.Api.givenCustomer;
import static io.nextbest.api.Api.newCustomerId;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Every decision is recorded off the request path and can be looked up later; erasure removes the records. */
@QuarkusTest
class DecisionRecordsTest {

    @Test
    void aDecisionIsRecordedWithItsRequestAndAnswer() throws Exception {
        String customer = givenCustomer(newCustomerId()).consentingTo("email").exists();
        String decisionId = decide(customer).at(MONDAY_10_15_PARIS).event("signed_up")
                .then().statusCode(200).extract().path("decisionId");

        awaitRecorded(decisionId).statusCode(200)
                .body("customerId", is(customer))
                .body("decidedAt", is("2026-11-23T09:15:00Z"))
                .body("request.events[0].type", is("signed_up"))
                .body("actions[0].actionId", is("welcome-email"))
                .body("firedRules", hasItem("Sign-up: welcome email"));
    }

    @Test
    void erasingTheCustomerErasesTheirDecisionRecords() throws Exception {
        String customer = givenCustomer(newCustomerId()).consentingTo("email").exists();
        String decisionId = decide(customer).at(MONDAY_10_15_PARIS).event("signed_up")
                .then().statusCode(200).extract().path("decisionId");
        awaitRecorded(decisionId).statusCode(200);

        given().delete("/v1/customers/{id}", customer).then().statusCode(204);

        given().get("/v1/decisions/{id}", decisionId).then().statusCode(404);
    }

    @Test
    void anUnknownDecisionIsA404() {
        given().get("/v1/decisions/{id}", "no-such-decision").then().statusCode(404)
                .contentType("application/problem+json");
    }

}
