package io.nextbest.api;

import static io.nextbest.api.Api.MONDAY_10_15_PARIS;
import static io.nextbest.api.Api.decide;
import static io.nextbest.api.Api.givenCustomer;
import static io.nextbest.api.Api.newCustomerId;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import io.nextbest.database.DatabaseBacklogs;
import io.nextbest.support.TestApiKeys;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Outcomes feed back: they are history the rules read, so the next decision can learn from them. */
@QuarkusTest
class OutcomesTest {
    @Inject
    DatabaseBacklogs backlogs;
    @TestHTTPResource("/")
    URI base;

    @Test
    void anOutcomeIsRecordedOnceForTheDecisionsAction() {
        String customer = givenCustomer(newCustomerId()).consentingTo("email").exists();
        String decision = decisionId(decide(customer).at(MONDAY_10_15_PARIS).event("signed_up").then());

        outcome(decision, "{\"type\": \"opened\"}").statusCode(201)
                .body("actionId", is("welcome-email"))
                .body("channel", is("email"))
                .body("duplicate", is(false));
        outcome(decision, "{\"type\": \"opened\"}").statusCode(200).body("duplicate", is(true));
    }

    @Test
    void anOutcomeIdAnotherCustomerUsedIsRecordedForEachCustomer() {
        String first = givenCustomer(newCustomerId()).consentingTo("email").exists();
        String second = givenCustomer(newCustomerId()).consentingTo("email").exists();
        String firstDecision = decisionId(decide(first).at(MONDAY_10_15_PARIS).event("signed_up").then());
        String secondDecision = decisionId(decide(second).at(MONDAY_10_15_PARIS).event("signed_up").then());

        outcome(firstDecision, "{\"id\": \"receipt-1\", \"type\": \"opened\"}").statusCode(201).body("duplicate", is(false));
        outcome(secondDecision, "{\"id\": \"receipt-1\", \"type\": \"opened\"}").statusCode(201).body("duplicate", is(false));
        outcome(firstDecision, "{\"id\": \"receipt-1\", \"type\": \"opened\"}").statusCode(200).body("duplicate", is(true));
    }

    @Test
    void outcomesNameTheirActionWhenTheDecisionReturnedSeveral() {
        String customer = givenCustomer(newCustomerId()).consentingTo("email", "ads").exists();
        String decision = decisionId(decide(customer).at(MONDAY_10_15_PARIS).event("purchase").then());

        outcome(decision, "{\"type\": \"delivered\"}").statusCode(400).contentType("application/problem+json");
        outcome(decision, "{\"type\": \"delivered\", \"actionId\": \"nope\"}").statusCode(400);
        outcome(decision, "{\"type\": \"delivered\", \"actionId\": \"onboarding-series-email\"}").statusCode(201);
    }

    @Test
    void anOutcomeForAnUnknownDecisionIsA404AndABadTypeA400() {
        outcome("no-such-decision", "{\"type\": \"opened\"}").statusCode(404);
        outcome("no-such-decision", "{\"type\": \"loved\"}").statusCode(400).body("errors.field", hasItem("type"));
    }

    @Test
    void anOutcomeForAnUnknownDecisionIsA404AtOnce() {
        long started = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            outcome(UUID.randomUUID().toString(), "{\"type\": \"delivered\"}").statusCode(404)
                    .contentType("application/problem+json");
        }
        // Each used to wait a second for a record in flight: 20 in all now take a fraction of that.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void anOutcomeSentRightAfterItsDecisionIsAccepted() {
        for (int i = 0; i < 5; i++) {
            String customer = givenCustomer(newCustomerId()).consentingTo("email").exists();
            String decision = decisionId(decide(customer).at(MONDAY_10_15_PARIS).event("signed_up").then());
            outcome(decision, "{\"type\": \"delivered\"}").statusCode(201).body("customerId", is(customer));
        }
    }

    @Test
    void anOutcomeForADecisionOfAnotherReplicaNotStoredYetIsAccepted() {
        String customer = newCustomerId();
        String decision = UUID.randomUUID().toString();
        // As the other replica leaves it before it answers: its record in the Redis backlog, not in the database yet.
        backlogs.records().add(customer, decision, """
                {"id": "%s", "customerId": "%s", "decidedAt": "2026-11-23T09:15:00Z", "rulesetVersion": "elsewhere",
                 "dryRun": false, "request": "{}", "actions": "[{\\"actionId\\":\\"welcome-email\\",\\"channel\\":\\"email\\"}]",
                 "suppressed": "[]", "journeys": "[]", "firedRules": "[]", "tookMicros": 850,
                 "recordedAt": "2026-11-23T09:15:00Z"}
                """.formatted(decision, customer));

        outcome(decision, "{\"type\": \"delivered\"}").statusCode(201)
                .body("customerId", is(customer))
                .body("actionId", is("welcome-email"))
                .body("channel", is("email"));
    }

    @Test
    void outcomesForUnknownDecisionsDoNotHoldUpOtherCustomersDecisions() {
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            customers.add(givenCustomer(newCustomerId()).consentingTo("email").exists());
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<CompletableFuture<HttpResponse<String>>> unknown = new ArrayList<>();
        List<CompletableFuture<HttpResponse<String>>> decisions = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            unknown.add(post(http, "v1/decisions/" + UUID.randomUUID() + "/outcomes", "{\"type\": \"opened\"}",
                    TestApiKeys.DECIDE_KEY));
            if (i % 20 == 0) {
                decisions.add(post(http, "v1/decisions", """
                        {"customerId": "%s", "channel": "web", "at": "%s", "events": [{"type": "signed_up"}]}
                        """.formatted(customers.get(i / 20), MONDAY_10_15_PARIS), TestApiKeys.ADMIN_KEY));
            }
        }

        assertThat(decisions).extracting(decision -> decision.orTimeout(60, TimeUnit.SECONDS).join().statusCode())
                .containsOnly(200);
        // Each is looked up; or refused when the replica records as many as it takes (a 503 to retry), or when the
        // website's key has as many requests under way as a replica takes from one caller (a 429, after a pause).
        assertThat(unknown).extracting(outcome -> outcome.orTimeout(60, TimeUnit.SECONDS).join())
                .allSatisfy(answer -> assertThat(answer.statusCode() + " " + answer.body())
                        .matches("404 .*/problems/not-found.*|503 .*/problems/busy.*|429 .*/problems/too-many-requests.*"));
    }

    @Test
    void unsubscribingFromAMessageWithdrawsConsentOnItsChannel() {
        String customer = givenCustomer(newCustomerId()).consentingTo("email", "sms").exists();
        String decision = decisionId(decide(customer).at(MONDAY_10_15_PARIS).event("signed_up").then());

        outcome(decision, "{\"type\": \"unsubscribed\"}").statusCode(201);

        given().get("/v1/customers/{id}", customer).then().body("consents.email", is(false)).body("consents.sms", is(true));
    }

    @Test
    void aCustomerWhoAnswersSmsButNotEmailGetsTheRetentionOfferBySms() {
        // A week passes between the contacts: on the service's clock, which caps count on.
        String customer = givenCustomer(newCustomerId()).consentingTo("email", "sms").score("churnRisk", 0.9).exists();
        try {
            // An email that was delivered and ignored…
            Api.moveClockTo("2026-11-02T10:15:00+01:00");
            String email = decisionId(decide(customer).at("2026-11-02T10:15:00+01:00").event("signed_up").then());
            outcome(email, "{\"type\": \"delivered\", \"actionId\": \"welcome-email\", \"at\": \"2026-11-02T11:00:00+01:00\"}")
                    .statusCode(201);
            // …and an SMS that was delivered and clicked.
            Api.moveClockTo("2026-11-03T10:15:00+01:00");
            String sms = decisionId(decide(customer).at("2026-11-03T10:15:00+01:00")
                    .eventMinutesBefore("products_compared", 20).event("cart_abandoned").limit(3).then());
            outcome(sms, "{\"type\": \"delivered\", \"actionId\": \"cart-discount-sms\", \"at\": \"2026-11-03T10:20:00+01:00\"}")
                    .statusCode(201);
            outcome(sms, "{\"type\": \"clicked\", \"actionId\": \"cart-discount-sms\", \"at\": \"2026-11-03T10:30:00+01:00\"}")
                    .statusCode(201);

            Api.moveClockTo("2026-11-10T10:15:00+01:00");
            decide(customer).at("2026-11-10T10:15:00+01:00").channel("app").event("app_opened")
                    .then().statusCode(200)
                    .body("actions.actionId", contains("retention-offer-sms"));
        } finally {
            given().delete("/v1/clock").then().statusCode(200);
        }
    }

    @Test
    void aClickWithoutAPurchaseBringsTheOfferBackOnTheWebsiteTwoDaysLater() {
        String customer = givenCustomer(newCustomerId()).consentingTo("email").exists();
        String decision = decisionId(decide(customer).at(MONDAY_10_15_PARIS).event("signed_up").then());
        outcome(decision, "{\"type\": \"clicked\", \"at\": \"2026-11-23T11:00:00+01:00\"}").statusCode(201);

        decide(customer).at("2026-11-24T11:30:00+01:00").channel("web").event("page_viewed")
                .then().statusCode(200).body("actions.actionId", org.hamcrest.Matchers.empty());
        decide(customer).at("2026-11-25T11:30:00+01:00").channel("web").event("page_viewed")
                .then().statusCode(200)
                .body("actions.actionId", contains("offer-reminder-banner"))
                .body("actions[0].payload.clickedAction", is("welcome-email"));
    }

    private CompletableFuture<HttpResponse<String>> post(HttpClient http, String path, String body, String key) {
        return http.sendAsync(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("X-API-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String decisionId(ValidatableResponse decision) {
        return decision.statusCode(200).extract().path("decisionId");
    }

    private static ValidatableResponse outcome(String decisionId, String body) {
        return given().contentType(ContentType.JSON).body(body)
                .post("/v1/decisions/{id}/outcomes", decisionId).then().log().ifValidationFails();
    }
}
