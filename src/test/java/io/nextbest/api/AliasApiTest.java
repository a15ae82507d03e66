package io.nextbest.api;

import static io.nextbest.api.Api.MONDAY_10_15_PARIS;
import static io.nextbest.api.Api.decide;
import static io.nextbest.api.Api.givenCustomer;
import static io.nextbest.api.Api.newCustomerId;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

/** Identity stitching: once linked, the anonymous history, contacts and later requests are the customer's. */
@QuarkusTest
class AliasApiTest {

    @Test
    void theAnonymousBrowsingHistoryCountsForTheCustomerOnceLinked() {
        String cookie = "anon-" + newCustomerId();
        decide(cookie).at("2026-11-18T10:00:00+01:00").event("page_viewed", "page", "pricing").then().statusCode(200);
        decide(cookie).at("2026-11-20T10:00:00+01:00").event("page_viewed", "page", "pricing").then().statusCode(200);
        String customer = givenCustomer(newCustomerId()).consentingTo("email").exists();

        link(customer, cookie).statusCode(201);

        decide(customer).at(MONDAY_10_15_PARIS).event("page_viewed", "page", "pricing")
                .then().statusCode(200)
                .body("actions.actionId", contains("pricing-help-email"));
    }

    @Test
    void linkingKeepsEveryEventOfAnIdBothUsedAndTheSameEventOnce() {
        String cookie = "anon-" + newCustomerId();
        String customer = givenCustomer(newCustomerId()).consentingTo("email").exists();
        // view-0 is one event sent under both ids; view-1 is a different event under each.
        ingest("""
                {"events": [
                 {"id": "view-0", "customerId": "%1$s", "type": "page_viewed", "occurredAt": "2026-11-19T10:00:00+01:00",
                  "attributes": {"page": "pricing"}},
                 {"id": "view-1", "customerId": "%1$s", "type": "page_viewed", "occurredAt": "2026-11-20T10:00:00+01:00",
                  "attributes": {"page": "pricing"}},
                 {"id": "view-0", "customerId": "%2$s", "type": "page_viewed", "occurredAt": "2026-11-19T10:00:00+01:00",
                  "attributes": {"page": "pricing"}},
                 {"id": "view-1", "customerId": "%2$s", "type": "page_viewed", "occurredAt": "2026-11-21T10:00:00+01:00",
                  "attributes": {"page": "pricing"}}]}
                """.formatted(customer, cookie));

        link(customer, cookie).statusCode(201);

        // view-0 once, both view-1, and today's view.
        decide(customer).at(MONDAY_10_15_PARIS).event("page_viewed", "page", "pricing")
                .then().statusCode(200)
                .body("actions.actionId", contains("pricing-help-email"))
                .body("actions[0].payload.pricingViews", is(4));
    }

    @Test
    void aRequestWithTheAnonymousIdIsDecidedForTheCustomer() {
        String cookie = "anon-" + newCustomerId();
        String customer = givenCustomer(newCustomerId()).consentingTo("email").exists();
        link(customer, cookie).statusCode(201);

        // The customer consented to email; the anonymous cookie alone never did.
        decide(cookie).at(MONDAY_10_15_PARIS).event("signed_up")
                .then().statusCode(200)
                .body("customerId", is(cookie))
                .body("actions.actionId", contains("welcome-email"));
    }

    @Test
    void contactsMadeWithTheAnonymousIdCountAgainstTheCustomersCaps() {
        String cookie = "anon-" + newCustomerId();
        String customer = givenCustomer(newCustomerId()).consentingTo("email").exists();
        link(customer, cookie).statusCode(201);
        decide(cookie).at(MONDAY_10_15_PARIS).event("signed_up").then().statusCode(200)
                .body("actions.actionId", contains("welcome-email"));

        decide(customer).at("2026-11-24T10:15:00+01:00").event("signed_up")
                .then().statusCode(200)
                .body("actions", empty())
                .body("suppressed[0].reason", is("FREQUENCY_CAP"));
    }

    @Test
    void anAnonymousOptOutCarriesOverToTheCustomer() {
        String cookie = "anon-" + newCustomerId();
        decide(cookie).at(MONDAY_10_15_PARIS).event("unsubscribed", "channel", "email").then().statusCode(200);
        String customer = givenCustomer(newCustomerId()).consentingTo("email", "sms").exists();

        link(customer, cookie).statusCode(201);

        given().get("/v1/customers/{id}", customer).then().body("consents.email", is(false)).body("consents.sms", is(true));
    }

    @Test
    void linkingTwiceIsHarmlessButStealingAnAliasIsAConflict() {
        String cookie = "anon-" + newCustomerId();
        String customer = givenCustomer(newCustomerId()).exists();
        String other = givenCustomer(newCustomerId()).exists();
        link(customer, cookie).statusCode(201);

        link(customer, cookie).statusCode(200);
        link(other, cookie).statusCode(409).contentType("application/problem+json");
    }

    @Test
    void twoKnownCustomersCannotBeStitched() {
        String customer = givenCustomer(newCustomerId()).exists();
        String other = givenCustomer(newCustomerId()).exists();

        link(customer, other).statusCode(409);
    }

    @Test
    void anUnknownCustomerCannotGetAliases() {
        link(newCustomerId(), "anon-x").statusCode(404);
    }

    @Test
    void erasingTheCustomerErasesWhatTheAliasDidToo() {
        String cookie = "anon-" + newCustomerId();
        decide(cookie).at("2026-11-18T10:00:00+01:00").event("page_viewed", "page", "pricing").then().statusCode(200);
        String customer = givenCustomer(newCustomerId()).consentingTo("email").exists();
        link(customer, cookie).statusCode(201);

        given().delete("/v1/customers/{id}", customer).then().statusCode(204);

        // The cookie is a stranger again, with no history.
        decide(cookie).at("2026-11-20T10:00:00+01:00").event("page_viewed", "page", "pricing").then().statusCode(200);
        decide(cookie).at(MONDAY_10_15_PARIS).event("page_viewed", "page", "pricing")
                .then().statusCode(200)
                .body("suppressed", empty())
                .body("actions", empty());
    }

    private static void ingest(String batch) {
        given().contentType(ContentType.JSON).body(batch).post("/v1/events").then().statusCode(200).body("accepted", is(4));
    }

    private static ValidatableResponse link(String customer, String alias) {
        return given().contentType(ContentType.JSON).body("{\"alias\": \"" + alias + "\"}")
                .post("/v1/customers/{id}/aliases", customer).then().log().ifValidationFails();
    }
}
