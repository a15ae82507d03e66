package io.nextbest.api;

import static io.nextbest.api.Api.decide;
import static io.nextbest.api.Api.moveClockTo;
import static io.nextbest.api.Api.givenCustomer;
import static io.nextbest.api.Api.newCartRecoveryControlGroupCustomerId;
import static io.nextbest.api.Api.newCustomerId;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
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
 * The sample cart recovery journey end to end: customers' requests move time with {@code at}, the
 * scheduler's time is moved with the service's adjustable clock. SMS at once, email the next afternoon,
 * a retargeting ad 3 days later if the email was opened; a purchase or an unsubscribe ends it; caps and
 * the control group apply to every step; what was sent reaches the channel webhooks once.
 */
@QuarkusTest
class CartRecoveryJourneyTest {
    /** Sunday before: steps other tests left due are decided here, before this test's period starts. */
    private static final String SUNDAY = "2027-01-31T12:00:00+01:00";
    private static final String MONDAY_10_15 = "2027-02-01T10:15:00+01:00";
    private static final String TUESDAY_13_59 = "2027-02-02T13:59:00+01:00";
    private static final String TUESDAY_14_01 = "2027-02-02T14:01:00+01:00";
    private static final String FRIDAY_14_02 = "2027-02-05T14:02:00+01:00";

    @AfterEach
    void clockBackToNow() {
        given().delete("/v1/clock").then().statusCode(200).body("offset", is("PT0S"));
    }

    @Test
    void theJourneyRunsStepByStepExitsOnPurchaseOrUnsubscribeHonoursCapsAndShowsItsLift() throws Exception {
        moveClockTo(SUNDAY);
        awaitNothingDueBefore(SUNDAY);
        moveClockTo(MONDAY_10_15);

        String anna = abandonsCart(newCustomerId(), "cart-discount-sms");      // opens the email, buys after the ad
        String ben = abandonsCart(newCustomerId(), "cart-discount-sms");       // buys the same day
        String chloe = abandonsCart(newCustomerId(), "cart-discount-sms");     // unsubscribes
        String dev = abandonsCart(newCustomerId(), "cart-discount-sms");       // buys, abandons again: caps
        String held = abandonsCart(newCartRecoveryControlGroupCustomerId(), null);  // control group, never buys
        String heldBuyer = abandonsCart(newCartRecoveryControlGroupCustomerId(), null); // control group, buys
        awaitSent(anna, "sms", 1);
        assertThat(sent(held, "sms")).isEmpty();

        event(ben, "purchase", "2027-02-01T16:15:00+01:00", Map.of("value", 120));
        event(chloe, "unsubscribed", "2027-02-01T11:00:00+01:00", Map.of("channel", "email"));

        // Tuesday 13:59: nothing is due yet.
        moveClockTo(TUESDAY_13_59);
        Thread.sleep(1_200);
        for (String customer : List.of(anna, ben, chloe, dev, held, heldBuyer)) {
            assertThat(journey(customer).getString("step")).isEqualTo("email");
        }

        // Tuesday 14:01: the email step is decided, once, for everyone still in the journey.
        moveClockTo(TUESDAY_14_01);
        JsonPath annaAtAd = awaitJourney(anna, j -> "ad".equals(j.getString("step")));
        assertThat(annaAtAd.getString("dueAt")).startsWith("2027-02-05T13:01");
        assertThat(awaitJourney(ben, ended()).getString("endReason")).isEqualTo("purchased");
        assertThat(awaitJourney(chloe, ended()).getString("endReason")).isEqualTo("unsubscribed");
        awaitJourney(dev, j -> "ad".equals(j.getString("step")));
        awaitJourney(held, j -> "ad".equals(j.getString("step")));
        awaitJourney(heldBuyer, j -> "ad".equals(j.getString("step")));
        assertThat(journey(ben).getString("status")).isEqualTo("EXITED");

        awaitSent(anna, "email", 1);
        awaitSent(dev, "email", 1);
        String annaEmailDecision = annaAtAd.getString("lastDecisionId");
        Api.awaitRecorded(annaEmailDecision).statusCode(200)
                .body("actions.actionId", contains("cart-recovery-email"))
                .body("request.channel", is("journey"))
                .body("journeys[0].change", is("MOVED"));
        Api.awaitRecorded(journey(held).getString("lastDecisionId")).statusCode(200)
                .body("actions", empty())
                .body("suppressed.reason", contains("CONTROL_GROUP"));

        // Anna opens the email; Dev buys, then abandons another cart on Wednesday.
        outcome(annaEmailDecision, "opened", "2027-02-02T18:00:00+01:00");
        event(dev, "purchase", "2027-02-02T15:00:00+01:00", Map.of("value", 80));
        event(heldBuyer, "purchase", "2027-02-03T10:00:00+01:00", Map.of("value", 60));
        given().contentType(ContentType.JSON).body(Map.of("now", "2027-02-03T10:15:00+01:00")).put("/v1/clock");
        decide(dev).at("2027-02-03T10:15:00+01:00").eventMinutesBefore("products_compared", 10)
                .event("cart_abandoned", "value", 90).then().statusCode(200)
                .body("journeys.change", contains("EXITED", "ENROLLED"))
                .body("suppressed.find { it.actionId == 'cart-discount-sms' }.reason", is("FREQUENCY_CAP"));

        // Friday 14:02: the ad goes to Anna, who opened the email; Dev's second email is capped.
        moveClockTo(FRIDAY_14_02);
        JsonPath annaDone = awaitJourney(anna, ended());
        assertThat(annaDone.getString("status")).isEqualTo("COMPLETED");
        awaitSent(anna, "ads", 1);
        JsonPath devAtAd = awaitJourney(dev, j -> "ad".equals(j.getString("step")) && j.getString("enrolledAt").startsWith("2027-02-03"));
        Api.awaitRecorded(devAtAd.getString("lastDecisionId")).statusCode(200)
                .body("suppressed.find { it.actionId == 'cart-recovery-email' }.reason", is("FREQUENCY_CAP"));
        assertThat(awaitJourney(heldBuyer, ended()).getString("endReason")).isEqualTo("purchased");
        event(anna, "purchase", "2027-02-05T16:00:00+01:00", Map.of("value", 120));

        // Every message went out once, and only to the customers meant to get it.
        assertThat(sent(anna, "sms")).hasSize(1);
        assertThat(sent(anna, "email")).hasSize(1);
        assertThat(sent(dev, "email")).hasSize(1);
        assertThat(sent(ben, "email")).isEmpty();
        assertThat(sent(chloe, "email")).isEmpty();
        assertThat(sent(held, "email")).isEmpty();
        assertThat(sent(held, "ads")).isEmpty();
        assertThat(sent(dev, "ads")).isEmpty();

        // The email's lift: both customers who got it bought within 7 days, one of the two held out did.
        given().queryParam("from", "2027-02-01T00:00:00Z").queryParam("to", "2027-02-06T00:00:00Z")
                .get("/v1/stats").then().statusCode(200)
                .body("lift.find { it.actionId == 'cart-recovery-email' }.treated", is(2))
                .body("lift.find { it.actionId == 'cart-recovery-email' }.treatedConverted", is(2))
                .body("lift.find { it.actionId == 'cart-recovery-email' }.control", is(2))
                .body("lift.find { it.actionId == 'cart-recovery-email' }.controlConverted", is(1))
                .body("lift.find { it.actionId == 'cart-recovery-email' }.lift", is(1.0f))
                .body("journeys.find { it.journey == 'cart-recovery' }.exited.purchased", greaterThanOrEqualTo(3))
                .body("rules.find { it.rule == 'Cart recovery journey, the next day: reminder email' }.proposed", is(5))
                .body("rules.find { it.rule == 'Cart recovery journey, the next day: reminder email' }.selected", is(2))
                .body("rules.find { it.rule.startsWith('One customer in ten is a control group for cart') }.suppressions",
                        greaterThanOrEqualTo(2));
    }

    @Test
    void theEmailStepIsScheduledAtTheHourTheCustomerUsuallyOpensEmails() {
        String customer = givenCustomer(newCustomerId()).consentingTo("sms", "email").exists();
        for (String openedAt : List.of("2026-11-18T20:10:00+01:00", "2026-11-19T20:40:00+01:00", "2026-11-20T08:05:00+01:00")) {
            given().contentType(ContentType.JSON)
                    .body(Map.of("events", List.of(Map.of("id", customer + "-" + openedAt, "customerId", customer,
                            "type", "action_opened", "occurredAt", openedAt,
                            "attributes", Map.of("channel", "email", "actionId", "newsletter", "decisionId", "d-" + openedAt)))))
                    .post("/v1/events").then().statusCode(200).body("accepted", is(1));
        }

        decide(customer).at("2026-11-23T10:15:00+01:00").eventMinutesBefore("products_compared", 10)
                .event("cart_abandoned", "value", 70).dryRun().then().statusCode(200)
                .body("journeys[0].change", is("PROPOSED"))
                .body("journeys[0].dueAt", is("2026-11-24T19:00:00Z"));
        // A dry run proposes the enrolment and stores nothing.
        given().get("/v1/customers/{id}/journeys", customer).then().statusCode(200).body("$", empty());
    }

    @Test
    void theClockCanBeReadAndOnlyMovedWithAValidTime() {
        given().get("/v1/clock").then().statusCode(200).body("adjustable", is(true));
        given().contentType(ContentType.JSON).body("{\"now\": \"tuesday\"}").put("/v1/clock").then().statusCode(400)
                .contentType("application/problem+json");
        given().queryParam("status", "SOMETIMES").get("/v1/journeys").then().statusCode(400)
                .contentType("application/problem+json");
        given().queryParam("status", "FAILED").get("/v1/journeys").then().statusCode(200);
    }

    private static String abandonsCart(String customerId, String expectedAction) {
        String customer = givenCustomer(customerId).consentingTo("sms", "email", "ads").exists();
        var response = decide(customer).at(MONDAY_10_15).eventMinutesBefore("products_compared", 10)
                .event("cart_abandoned", "value", 120).then().statusCode(200)
                .body("journeys[0].journey", is("cart-recovery"))
                .body("journeys[0].change", is("ENROLLED"))
                .body("journeys[0].step", is("email"))
                .body("journeys[0].dueAt", is("2027-02-02T13:00:00Z"));
        if (expectedAction != null) {
            response.body("actions.actionId", hasItem(expectedAction));
        } else {
            response.body("suppressed.find { it.actionId == 'cart-discount-sms' }.reason", is("CONTROL_GROUP"));
        }
        return customer;
    }

    private static void awaitNothingDueBefore(String moment) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            List<?> due = given().queryParam("dueBefore", moment).get("/v1/journeys").then().statusCode(200)
                    .extract().path("$");
            if (due.isEmpty()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Journey steps due before " + moment + " were never decided");
    }

    private static JsonPath journey(String customer) {
        return new JsonPath(given().get("/v1/customers/{id}/journeys", customer).then().statusCode(200)
                .extract().asString()).setRootPath("[0]");
    }

    private static JsonPath awaitJourney(String customer, Predicate<JsonPath> reached) throws InterruptedException {
        for (int i = 0; i < 150; i++) {
            JsonPath journey = journey(customer);
            if (reached.test(journey)) {
                return journey;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("The journey of " + customer + " is still " + journey(customer).prettify());
    }

    private static Predicate<JsonPath> ended() {
        return journey -> !"ACTIVE".equals(journey.getString("status"));
    }

    private static List<WebhookReceiver.Received> sent(String customer, String channel) {
        return WebhookReceiver.RECEIVED.stream()
                .filter(received -> channel.equals(received.channel()))
                .filter(received -> received.body().contains("\"customerId\":\"" + customer + "\""))
                .toList();
    }

    private static void awaitSent(String customer, String channel, int count) throws InterruptedException {
        for (int i = 0; i < 100 && sent(customer, channel).size() < count; i++) {
            Thread.sleep(100);
        }
        assertThat(sent(customer, channel)).hasSize(count);
    }

    private static void event(String customer, String type, String at, Map<String, Object> attributes) {
        given().contentType(ContentType.JSON)
                .body(Map.of("events", List.of(Map.of("id", customer + "-" + type + "-" + at, "customerId", customer, "type", type, "occurredAt", at,
                        "attributes", attributes))))
                .post("/v1/events").then().statusCode(200).body("accepted", is(1));
    }

    private static void outcome(String decisionId, String type, String at) {
        given().contentType(ContentType.JSON).body(Map.of("type", type, "at", at))
                .post("/v1/decisions/{id}/outcomes", decisionId).then().statusCode(201);
    }
}
