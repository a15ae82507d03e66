package io.nextbest.api;

import static io.nextbest.api.Api.MONDAY_10_15_PARIS;
import static io.nextbest.api.Api.awaitRecorded;
import static io.nextbest.api.Api.customerPath;
import static io.nextbest.api.Api.decide;
import static io.nextbest.api.Api.givenCustomer;
import static io.nextbest.api.Api.newCustomerId;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import io.nextbest.support.TestApiKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The trust model of docs/security.md, as an attacker holding a website's decide key would try it: the key may
 * decide and report outcomes, but neither withdraw anyone's consent nor learn whether a customer consented.
 */
@QuarkusTest
class TrustModelTest {
    private static final String CONSENT_RULE = "No message on a channel the customer has not consented to";
    private static final String OPT_OUT_RULE = "Customers who opted out of everything get no contact";
    private static final String SMS_DISCOUNT_RULE =
            "Cart abandoned in business hours after comparing products: SMS discount within 2 hours";

    @Test
    void theDecideKeyCannotOptACustomerOutThroughTheEventFeed() {
        String customer = givenCustomer(newCustomerId()).consentingTo("email", "sms").exists();
        Map<String, Object> optOut = Map.of("events", List.of(Map.of("id", "esp-unsub-1", "customerId", customer,
                "type", "unsubscribed")));

        ingest(TestApiKeys.DECIDE_KEY, optOut).statusCode(403).contentType("application/problem+json")
                .body("title", is("Forbidden"));
        profile(customer).body("globalOptOut", is(false)).body("consents.sms", is(true)).body("consents.email", is(true));

        // The event feed's key sends the same batch: new to the store, so nothing of it was kept before.
        ingest(TestApiKeys.INGEST_KEY, optOut).statusCode(200).body("accepted", is(1)).body("duplicate", is(0));
        profile(customer).body("globalOptOut", is(true));
    }

    @Test
    void anUnsubscribeInADecisionNeedsAKeyThatMayChangeConsent() {
        String customer = givenCustomer(newCustomerId()).consentingTo("email", "sms").exists();

        decide(customer).withKey(TestApiKeys.DECIDE_KEY).at(MONDAY_10_15_PARIS).eventWithId("seen-1", "page_viewed")
                .event("unsubscribed").then()
                .statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("events[1].type"))
                .body("errors.field", contains("events[1].type"))
                .body("errors[0].message", containsString("ingest or admin"));
        profile(customer).body("globalOptOut", is(false)).body("consents.sms", is(true));
        ingest(TestApiKeys.INGEST_KEY, Map.of("events", List.of(Map.of("id", "seen-1", "customerId", customer,
                "type", "page_viewed")))).statusCode(200).body("accepted", is(1)).body("duplicate", is(0));

        decide(customer).withKey(TestApiKeys.DECIDE_KEY).at(MONDAY_10_15_PARIS).event("page_viewed").then().statusCode(200);
        decide(customer).at(MONDAY_10_15_PARIS).event("unsubscribed").then().statusCode(200);
        profile(customer).body("globalOptOut", is(true));
    }

    @Test
    void anUnsubscribeOutcomeNeedsAKeyThatMayChangeConsentWhileOtherOutcomesNeedTheDecideKeyOnly() {
        String customer = givenCustomer(newCustomerId()).consentingTo("email").exists();
        String decision = decide(customer).withKey(TestApiKeys.DECIDE_KEY).at(MONDAY_10_15_PARIS).event("signed_up").then()
                .statusCode(200).body("actions.actionId", contains("welcome-email")).extract().path("decisionId");

        outcome(TestApiKeys.DECIDE_KEY, decision, "unsubscribed").statusCode(403).contentType("application/problem+json")
                .body("errors.field", contains("type"));
        profile(customer).body("consents.email", is(true));
        outcome(TestApiKeys.DECIDE_KEY, decision, "clicked").statusCode(201);

        outcome(TestApiKeys.INGEST_KEY, decision, "unsubscribed").statusCode(201).body("channel", is("email"));
        profile(customer).body("consents.email", is(false)).body("globalOptOut", is(false));
    }

    @Test
    void anEventFeedKeyNeitherDecidesNorReadsProfiles() {
        String customer = givenCustomer(newCustomerId()).consentingTo("email").exists();

        decide(customer).withKey(TestApiKeys.INGEST_KEY).at(MONDAY_10_15_PARIS).event("page_viewed").then()
                .statusCode(403).contentType("application/problem+json");
        given().header("X-API-Key", TestApiKeys.INGEST_KEY).urlEncodingEnabled(false).get(customerPath(customer))
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void aDecideKeyIsNotToldThatTheCustomerHasNotConsentedButTheRecordKeepsIt() throws InterruptedException {
        String customer = givenCustomer(newCustomerId()).consentingTo("email").exists();

        abandonedCart(customer).dryRun().then().statusCode(200)
                .body("suppressed.findAll { it.actionId == 'cart-discount-sms' }.reason", contains("CONSENT"))
                .body("firedRules", hasItem(CONSENT_RULE));
        abandonedCart(customer).withKey(TestApiKeys.DECIDE_KEY).dryRun().then().statusCode(200)
                .body("suppressed.reason", not(hasItem("CONSENT")))
                .body("suppressed.actionId", not(hasItem("cart-discount-sms")))
                .body("firedRules", not(hasItem(CONSENT_RULE)))
                .body("firedRules", hasItem(SMS_DISCOUNT_RULE));

        String decision = abandonedCart(customer).withKey(TestApiKeys.DECIDE_KEY).then().statusCode(200)
                .body("actions", empty())
                .body("suppressed.reason", not(hasItem("CONSENT")))
                .body("firedRules", not(hasItem(CONSENT_RULE)))
                .extract().path("decisionId");
        awaitRecorded(decision).statusCode(200)
                .body("suppressed.findAll { it.actionId == 'cart-discount-sms' }.reason", contains("CONSENT"))
                .body("suppressed.findAll { it.actionId == 'cart-discount-sms' }.rule", contains(CONSENT_RULE))
                .body("firedRules", hasItem(CONSENT_RULE));
    }

    @Test
    void aDecideKeyIsNotToldThatTheCustomerOptedOutOfEverything() {
        String customer = givenCustomer(newCustomerId()).consentingTo("email").optedOutOfEverything().exists();

        decide(customer).at(MONDAY_10_15_PARIS).event("signed_up").dryRun().then().statusCode(200)
                .body("suppressed.reason", hasItem("OPTED_OUT")).body("firedRules", hasItem(OPT_OUT_RULE));
        decide(customer).withKey(TestApiKeys.DECIDE_KEY).at(MONDAY_10_15_PARIS).event("signed_up").dryRun().then()
                .statusCode(200)
                .body("actions", empty())
                .body("suppressed.reason", not(hasItem("OPTED_OUT")))
                .body("firedRules", not(hasItem(OPT_OUT_RULE)));
    }

    /** The sample rules' SMS discount, which needs SMS consent. */
    private static Api.DecisionBuilder abandonedCart(String customer) {
        return decide(customer).at(MONDAY_10_15_PARIS).eventMinutesBefore("products_compared", 20).event("cart_abandoned");
    }

    private static ValidatableResponse ingest(String key, Map<String, Object> batch) {
        return given().header("X-API-Key", key).contentType(ContentType.JSON).body(batch).post("/v1/events")
                .then().log().ifValidationFails();
    }

    private static ValidatableResponse outcome(String key, String decisionId, String type) {
        return given().header("X-API-Key", key).contentType(ContentType.JSON).body(Map.of("type", type))
                .post("/v1/decisions/{id}/outcomes", decisionId).then().log().ifValidationFails();
    }

    /** Read with the tests' admin key. */
    private static ValidatableResponse profile(String customer) {
        return given().urlEncodingEnabled(false).get(customerPath(customer)).then().statusCode(200);
    }
}
