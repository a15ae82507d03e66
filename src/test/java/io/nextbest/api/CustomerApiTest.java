package io.nextbest.api;

import static io.nextbest.api.Api.MONDAY_10_15_PARIS;
import static io.nextbest.api.Api.decide;
import static io.nextbest.api.Api.givenCustomer;
import static io.nextbest.api.Api.newCustomerId;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CustomerApiTest {
    @Inject
    RedisDataSource redis;

    @Test
    void aProfileIsCreatedThenReplaced() {
        String id = newCustomerId();
        given().contentType(ContentType.JSON).body("{\"segment\": \"consumer\", \"consents\": {\"email\": true}}")
                .put("/v1/customers/{id}", id).then().statusCode(201).body("segment", is("consumer"));

        given().contentType(ContentType.JSON).body("{\"segment\": \"enterprise\"}")
                .put("/v1/customers/{id}", id).then().statusCode(200);

        given().get("/v1/customers/{id}", id).then().statusCode(200)
                .body("segment", is("enterprise"))
                .body("consents.email", nullValue());
    }

    @Test
    void aPatchChangesOnlyWhatItSends() {
        String id = givenCustomer(newCustomerId()).consentingTo("email", "sms").score("churnRisk", 0.4).segment("consumer").exists();

        given().contentType("application/merge-patch+json")
                .body("{\"consents\": {\"sms\": false}, \"scores\": {\"churnRisk\": null, \"purchasePropensity\": 0.9}}")
                .patch("/v1/customers/{id}", id).then().statusCode(200)
                .body("segment", is("consumer"))
                .body("consents.email", is(true))
                .body("consents.sms", is(false))
                .body("scores.churnRisk", nullValue())
                .body("scores.purchasePropensity", is(0.9f));
    }

    @Test
    void aPatchThatMakesTheProfileInvalidIsRejectedAndChangesNothing() {
        String id = givenCustomer(newCustomerId()).segment("consumer").exists();

        given().contentType("application/merge-patch+json").body("{\"timezone\": \"Mars/Olympus\", \"segment\": \"vip\"}")
                .patch("/v1/customers/{id}", id).then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("timezone"));
        given().contentType(ContentType.JSON).body("{\"consents\": {\"email\": \"maybe\"}}")
                .patch("/v1/customers/{id}", id).then().statusCode(400)
                .body("errors.field", hasItem("consents.email"));

        given().get("/v1/customers/{id}", id).then().body("segment", is("consumer")).body("timezone", is("Europe/Paris"));
    }

    @Test
    void patchingAnUnknownCustomerIsA404() {
        given().contentType(ContentType.JSON).body("{\"segment\": \"x\"}")
                .patch("/v1/customers/{id}", newCustomerId()).then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void erasureRemovesProfileEventsAndContactHistory() {
        String id = givenCustomer(newCustomerId()).consentingTo("email").exists();
        decide(id).at("2026-11-18T10:00:00+01:00").event("page_viewed", "page", "pricing").then().statusCode(200);
        decide(id).at("2026-11-20T10:00:00+01:00").event("page_viewed", "page", "pricing").then().statusCode(200);
        decide(id).at(MONDAY_10_15_PARIS).event("signed_up").then().statusCode(200)
                .body("actions.actionId", contains("welcome-email"));

        given().delete("/v1/customers/{id}", id).then().statusCode(204);

        given().get("/v1/customers/{id}", id).then().statusCode(404);
        assertThat(redis.execute("EXISTS", "nb:{" + id + "}:contacts").toInteger()).isZero();
        // No stored pricing views any more, and no consent: decided as a stranger.
        decide(id).at(MONDAY_10_15_PARIS).event("page_viewed", "page", "pricing")
                .then().statusCode(200)
                .body("actions", empty())
                .body("firedRules", org.hamcrest.Matchers.not(hasItem(
                        "Pricing page viewed 3 times in 7 days with no purchase: pricing help email")));
    }

    @Test
    void erasingAnUnknownCustomerIsA404() {
        given().delete("/v1/customers/{id}", newCustomerId()).then().statusCode(404);
    }
}
