package io.nextbest.api;

import static io.nextbest.api.Api.MONDAY_10_15_PARIS;
import static io.nextbest.api.Api.awaitRecorded;
import static io.nextbest.api.Api.decide;
import static io.nextbest.api.Api.givenCustomer;
import static io.nextbest.api.Api.newCustomerId;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** Every decision is recorded off the request path and can be looked up later; erasure removes the records. */
@QuarkusTest
class DecisionRecordsTest {
    @Inject
    RedisDataSource redis;

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
                .body("firedRules", hasItem("Sign-up: welcome email"))
                .body("failedRules.size()", is(0));
    }

    @Test
    void aRecordNamesTheContactsTheDecisionMadeUnderTheIdsCapsCountThemBy() throws Exception {
        String customer = givenCustomer(newCustomerId()).consentingTo("email").exists();
        // A purchase also updates the ad audiences: an internal action, no contact.
        JsonPath answer = decide(customer).at(MONDAY_10_15_PARIS).event("signed_up").event("purchase")
                .then().statusCode(200).extract().jsonPath();
        assertThat(answer.getList("actions.actionId", String.class))
                .containsExactlyInAnyOrder("welcome-email", "stop-acquisition-ads");

        String member = redis.execute("ZRANGE", "nb:{" + customer + "}:contacts", "0", "0").get(0).toString();
        awaitRecorded(answer.getString("decisionId")).statusCode(200)
                .body("contacts.size()", is(1))
                .body("contacts[0].actionId", is("welcome-email"))
                .body("contacts[0].channel", is("email"))
                .body("contacts[0].id", is(member.substring(0, member.indexOf('\u001f'))));
    }

    @Test
    void aDryRunsRecordNamesNoContact() throws Exception {
        String customer = givenCustomer(newCustomerId()).consentingTo("email").exists();
        String decisionId = decide(customer).at(MONDAY_10_15_PARIS).dryRun().event("signed_up")
                .then().statusCode(200).body("actions[0].actionId", is("welcome-email")).extract().path("decisionId");

        awaitRecorded(decisionId).statusCode(200).body("contacts.size()", is(0));
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
