package io.nextbest.api;

import static io.nextbest.api.Api.MONDAY_10_15_PARIS;
import static io.nextbest.api.Api.decide;
import static io.nextbest.api.Api.givenCustomer;
import static io.nextbest.api.Api.newCustomerId;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class EventIngestTest {

    @Test
    void validEventsAreStoredAndBadOnesAreRejectedWithTheirIndex() {
        String customer = newCustomerId();

        ingest("""
                [{"id": "%1$s-1", "customerId": "%1$s", "type": "page_viewed", "occurredAt": "2026-11-18T10:00:00+01:00"},
                 {"id": "%1$s-2", "customerId": "%1$s", "type": "page_viewed", "occurredAt": "2026-11-19T10:00:00+01:00"},
                 {"id": "%1$s-3", "customerId": "%1$s"},
                 {"customerId": "%1$s", "type": "page_viewed"}]
                """.formatted(customer))
                .statusCode(200)
                .body("accepted", is(2))
                .body("duplicate", is(0))
                .body("rejected", is(2))
                .body("rejections[0].index", is(2))
                .body("rejections[0].field", is("events[2].type"))
                .body("rejections[1].field", is("events[3].id"));
    }

    @Test
    void aReplayedBatchIsCountedAsDuplicatesAndStoredOnce() {
        String customer = givenCustomer(newCustomerId()).consentingTo("email").exists();
        String batch = """
                [{"id": "%1$s-a", "customerId": "%1$s", "type": "page_viewed", "occurredAt": "2026-11-18T10:00:00+01:00",
                  "attributes": {"page": "pricing"}},
                 {"id": "%1$s-a", "customerId": "%1$s", "type": "page_viewed", "occurredAt": "2026-11-18T10:00:00+01:00",
                  "attributes": {"page": "pricing"}}]
                """.formatted(customer);

        ingest(batch).statusCode(200).body("accepted", is(1)).body("duplicate", is(1));
        ingest(batch).statusCode(200).body("accepted", is(0)).body("duplicate", is(2));

        // Stored once: with one more view today that makes two pricing views, not three.
        decide(customer).at(MONDAY_10_15_PARIS).event("page_viewed", "page", "pricing")
                .then().statusCode(200).body("actions", org.hamcrest.Matchers.empty());
    }

    @Test
    void ingestedEventsAreHistoryForTheNextDecision() {
        String customer = givenCustomer(newCustomerId()).consentingTo("email").exists();
        ingest("""
                [{"id": "%1$s-1", "customerId": "%1$s", "type": "page_viewed", "occurredAt": "2026-11-18T10:00:00+01:00",
                  "attributes": {"page": "pricing"}},
                 {"id": "%1$s-2", "customerId": "%1$s", "type": "page_viewed", "occurredAt": "2026-11-20T10:00:00+01:00",
                  "attributes": {"page": "pricing"}}]
                """.formatted(customer)).statusCode(200).body("accepted", is(2));

        decide(customer).at(MONDAY_10_15_PARIS).event("page_viewed", "page", "pricing")
                .then().statusCode(200).body("actions.actionId", contains("pricing-help-email"));
    }

    @Test
    void anEventIdAnotherCustomerAlreadyUsedIsStoredForEachAndFiresTheirRules() {
        String first = givenCustomer(newCustomerId()).consentingTo("email").exists();
        String second = givenCustomer(newCustomerId()).consentingTo("email").exists();
        String views = """
                [{"id": "view-1", "customerId": "%1$s", "type": "page_viewed", "occurredAt": "2026-11-18T10:00:00+01:00",
                  "attributes": {"page": "pricing"}},
                 {"id": "view-2", "customerId": "%1$s", "type": "page_viewed", "occurredAt": "2026-11-20T10:00:00+01:00",
                  "attributes": {"page": "pricing"}}]
                """;

        ingest(views.formatted(first)).statusCode(200).body("accepted", is(2)).body("duplicate", is(0));
        ingest(views.formatted(second)).statusCode(200).body("accepted", is(2)).body("duplicate", is(0));

        for (String customer : List.of(first, second)) {
            decide(customer).at(MONDAY_10_15_PARIS).event("page_viewed", "page", "pricing")
                    .then().statusCode(200).body("actions.actionId", contains("pricing-help-email"));
        }
    }

    @Test
    void anotherCustomersPurchaseWithTheSameIdDoesNotHideThisOne() {
        String other = newCustomerId();
        String customer = givenCustomer(newCustomerId()).consentingTo("email").exists();
        ingest("""
                [{"id": "order-1001", "customerId": "%s", "type": "purchase", "occurredAt": "2026-11-21T10:00:00+01:00"}]
                """.formatted(other)).statusCode(200).body("accepted", is(1));

        ingest("""
                [{"id": "view-1", "customerId": "%1$s", "type": "page_viewed", "occurredAt": "2026-11-18T10:00:00+01:00",
                  "attributes": {"page": "pricing"}},
                 {"id": "view-2", "customerId": "%1$s", "type": "page_viewed", "occurredAt": "2026-11-20T10:00:00+01:00",
                  "attributes": {"page": "pricing"}},
                 {"id": "order-1001", "customerId": "%1$s", "type": "purchase", "occurredAt": "2026-11-21T10:00:00+01:00"}]
                """.formatted(customer)).statusCode(200).body("accepted", is(3)).body("duplicate", is(0));

        // Three pricing views, but a purchase this week: no pricing help.
        decide(customer).at(MONDAY_10_15_PARIS).event("page_viewed", "page", "pricing")
                .then().statusCode(200).body("actions.actionId", not(hasItem("pricing-help-email")));
    }

    @Test
    void anIngestedUnsubscribeWithdrawsConsent() {
        String customer = givenCustomer(newCustomerId()).consentingTo("email", "sms").exists();

        ingest("""
                [{"id": "%1$s-u", "customerId": "%1$s", "type": "unsubscribed", "attributes": {"channel": "email"}}]
                """.formatted(customer)).statusCode(200).body("accepted", is(1));

        given().get("/v1/customers/{id}", customer).then().body("consents.email", is(false)).body("consents.sms", is(true));
    }

    @Test
    void aBatchOverTheLimitIsRejectedWhole() {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            events.add("{\"id\": \"big-" + i + "\", \"customerId\": \"c\", \"type\": \"page_viewed\"}");
        }
        ingest("[" + String.join(",", events) + "]")
                .statusCode(400)
                .body("errors.field", hasItem("events"));
    }

    @Test
    void anEmptyBatchIsRejected() {
        ingest("[]").statusCode(400).body("errors.field", hasItem("events"));
    }

    private static ValidatableResponse ingest(String eventsArray) {
        return given().contentType(ContentType.JSON).body("{\"events\": " + eventsArray + "}")
                .post("/v1/events").then().log().ifValidationFails();
    }
}
