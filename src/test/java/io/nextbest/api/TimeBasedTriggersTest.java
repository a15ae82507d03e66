package io.nextbest.api;

import static io.nextbest.api.Api.decide;
import static io.nextbest.api.Api.moveClockTo;
import static io.nextbest.api.Api.newCustomerId;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import io.nextbest.support.WebhookReceiver;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Triggers with no request from the customer, decided by the scheduler when their time comes: a
 * birthday at 09:00 the customer's time, and 30 days since the last purchase. Time is moved with the
 * service's adjustable clock.
 */
@QuarkusTest
class TimeBasedTriggersTest {
    @AfterEach
    void clockBackToNow() {
        given().delete("/v1/clock").then().statusCode(200);
    }

    @Test
    void aBirthdayGreetingGoesOutOnTheDayAtNineTheirTimeAndIsScheduledForNextYear() throws Exception {
        String customer = newCustomerId();
        given().contentType(ContentType.JSON)
                .body(Map.of("timezone", "Europe/Paris", "consents", Map.of("email", true),
                        "attributes", Map.of("birthday", "1990-04-12", "firstName", "Anna")))
                .put("/v1/customers/{id}", customer).then().statusCode(201);
        moveClockTo("2027-04-01T10:00:00+02:00");
        decide(customer).at("2027-04-01T10:00:00+02:00").event("page_viewed").then().statusCode(200)
                .body("journeys.find { it.journey == 'birthday' }.change", is("ENROLLED"))
                .body("journeys.find { it.journey == 'birthday' }.dueAt", is("2027-04-12T07:00:00Z"));

        moveClockTo("2027-04-12T08:59:00+02:00");
        Thread.sleep(1_000);
        assertThat(sent(customer, "birthday-greeting-email")).isEmpty();

        moveClockTo("2027-04-12T09:00:30+02:00");
        JsonPath nextYear = awaitJourney(customer, "birthday", j -> j.getString("dueAt").startsWith("2028"));
        assertThat(nextYear.getString("dueAt")).isEqualTo("2028-04-12T07:00:00Z");
        assertThat(nextYear.getString("status")).isEqualTo("ACTIVE");
        awaitSent(customer, "birthday-greeting-email");
        assertThat(sent(customer, "birthday-greeting-email").get(0).body()).contains("\"firstName\":\"Anna\"");
    }

    @Test
    void aWinBackOfferGoesOut30DaysAfterTheLastPurchaseEvenWhenALaterPurchaseCameInABatch() throws Exception {
        String customer = newCustomerId();
        given().contentType(ContentType.JSON)
                .body(Map.of("timezone", "Europe/Paris", "consents", Map.of("email", true)))
                .put("/v1/customers/{id}", customer).then().statusCode(201);
        moveClockTo("2027-05-03T10:00:00+02:00");
        decide(customer).at("2027-05-03T10:00:00+02:00").event("purchase", "value", 40).then().statusCode(200)
                .body("journeys.journey", hasItem("win-back"))
                .body("journeys.find { it.journey == 'win-back' }.dueAt", is("2027-06-02T08:00:00Z"));
        given().contentType(ContentType.JSON)
                .body(Map.of("events", List.of(Map.of("id", customer + "-second-purchase", "customerId", customer,
                        "type", "purchase", "occurredAt", "2027-05-13T18:00:00+02:00"))))
                .post("/v1/events").then().statusCode(200).body("accepted", is(1));

        // 30 days after the first purchase: the customer bought since, so the watch restarts from that purchase.
        moveClockTo("2027-06-02T10:01:00+02:00");
        awaitJourney(customer, "win-back", j -> "2027-06-12T16:00:00Z".equals(j.getString("dueAt")));
        assertThat(sent(customer, "win-back-offer-email")).isEmpty();

        moveClockTo("2027-06-12T18:01:00+02:00");
        JsonPath done = awaitJourney(customer, "win-back", j -> "COMPLETED".equals(j.getString("status")));
        awaitSent(customer, "win-back-offer-email");
        Api.awaitRecorded(done.getString("lastDecisionId")).statusCode(200)
                .body("actions.actionId", hasItem("win-back-offer-email"));
    }

    private static JsonPath awaitJourney(String customer, String journey, Predicate<JsonPath> reached)
            throws InterruptedException {
        JsonPath found = null;
        for (int i = 0; i < 200; i++) {
            JsonPath all = new JsonPath(given().get("/v1/customers/{id}/journeys", customer).then().statusCode(200)
                    .extract().asString());
            int index = all.getList("journey").indexOf(journey);
            found = index < 0 ? null : all.setRootPath("[" + index + "]");
            if (found != null && reached.test(found)) {
                return found;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("The " + journey + " journey of " + customer + " is "
                + (found == null ? "missing" : found.prettify()));
    }

    private static List<WebhookReceiver.Received> sent(String customer, String actionId) {
        return WebhookReceiver.RECEIVED.stream()
                .filter(received -> received.body().contains("\"customerId\":\"" + customer + "\""))
                .filter(received -> received.body().contains("\"actionId\":\"" + actionId + "\""))
                .toList();
    }

    private static void awaitSent(String customer, String actionId) throws InterruptedException {
        for (int i = 0; i < 150 && sent(customer, actionId).isEmpty(); i++) {
            Thread.sleep(100);
        }
        assertThat(sent(customer, actionId)).hasSize(1);
    }
}
