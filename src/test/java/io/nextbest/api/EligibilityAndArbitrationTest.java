package io.nextbest.api;

import static io.nextbest.api.Api.MONDAY_10_15_PARIS;
import static io.nextbest.api.Api.decide;
import static io.nextbest.api.Api.givenCustomer;
import static io.nextbest.api.Api.newCustomerId;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The eligibility and arbitration phases: consent, caps, one per channel and category, the limit. */
@QuarkusTest
class EligibilityAndArbitrationTest {

    @Test
    void withoutConsentTheChannelIsSuppressedWithTheReason() {
        String customer = givenCustomer(newCustomerId()).consentingTo("email").exists();

        decide(customer).at(MONDAY_10_15_PARIS)
                .eventMinutesBefore("products_compared", 20)
                .event("cart_abandoned")
                .then().statusCode(200)
                .body("actions", empty())
                .body("suppressed[0].actionId", is("cart-discount-sms"))
                .body("suppressed[0].reason", is("CONSENT"))
                .body("suppressed[0].rule", is("No message on a channel the customer has not consented to"))
                .body("suppressed[0].proposedBy", notNullValue());
    }

    @Test
    void anUnknownCustomerIsDecidedAsAnAnonymousVisitorWithNoConsents() {
        decide("never-seen-" + newCustomerId()).at(MONDAY_10_15_PARIS)
                .event("signed_up")
                .then().statusCode(200)
                .body("actions", empty())
                .body("suppressed.reason", contains("CONSENT"));
    }

    @Test
    void aSecondSmsWithin24HoursIsCapped() {
        String customer = givenCustomer(newCustomerId()).consentingTo("sms").exists();
        smsCart(customer, MONDAY_10_15_PARIS).body("actions.actionId", contains("cart-discount-sms"));

        smsCart(customer, "2026-11-23T16:00:00+01:00")
                .body("actions", empty())
                .body("suppressed.find { it.actionId == 'cart-discount-sms' }.reason", is("FREQUENCY_CAP"));
    }

    @Test
    void theSmsCapRollsOffAfter24Hours() {
        // Caps count on the service's clock, not the request's "at": the day passes on the clock.
        String customer = givenCustomer(newCustomerId()).consentingTo("sms").exists();
        try {
            Api.moveClockTo(MONDAY_10_15_PARIS);
            smsCart(customer, MONDAY_10_15_PARIS).body("actions.actionId", contains("cart-discount-sms"));

            // The 24-hour SMS cap has rolled off; what still holds it back is the 30-day cap on the same message.
            Api.moveClockTo("2026-11-24T10:16:00+01:00");
            smsCart(customer, "2026-11-24T10:16:00+01:00")
                    .body("suppressed.find { it.actionId == 'cart-discount-sms' }.detail", containsString("30 days"));
        } finally {
            io.restassured.RestAssured.given().delete("/v1/clock").then().statusCode(200);
        }
    }

    @Test
    void aDryRunCountsNoContact() {
        String customer = givenCustomer(newCustomerId()).consentingTo("sms").exists();
        decide(customer).at(MONDAY_10_15_PARIS).dryRun()
                .eventMinutesBefore("products_compared", 20).event("cart_abandoned")
                .then().statusCode(200).body("actions.actionId", contains("cart-discount-sms"));

        smsCart(customer, "2026-11-23T11:00:00+01:00").body("actions.actionId", contains("cart-discount-sms"));
    }

    @Test
    void theLimitCapsCustomerFacingActionsAndNamesTheRest() {
        String customer = givenCustomer(newCustomerId()).consentingTo("email", "ads").score("churnRisk", 0.9).exists();

        decide(customer).at(MONDAY_10_15_PARIS).limit(1)
                .event("product_viewed")
                .then().statusCode(200)
                .body("actions.actionId", contains("retention-offer-email"))
                .body("suppressed.find { it.actionId == 'acquisition-retargeting' }.reason", is("OVER_LIMIT"));
    }

    @Test
    void aHigherLimitReturnsActionsInRankOrder() {
        String customer = givenCustomer(newCustomerId()).consentingTo("email", "ads").score("churnRisk", 0.9).exists();

        decide(customer).at(MONDAY_10_15_PARIS).limit(3)
                .event("product_viewed")
                .then().statusCode(200)
                .body("actions.actionId", contains("retention-offer-email", "acquisition-retargeting"))
                .body("suppressed", empty());
    }

    @Test
    void everyDecisionNamesItsRulesetAndTheRulesThatFired() {
        String customer = givenCustomer(newCustomerId()).consentingTo("email").exists();

        decide(customer).at(MONDAY_10_15_PARIS).event("signed_up")
                .then().statusCode(200)
                .body("decisionId", notNullValue())
                .body("rulesetVersion", org.hamcrest.Matchers.matchesPattern("[0-9a-f]{12}"))
                .body("firedRules", hasItem("Sign-up: welcome email"))
                .body("firedRules", hasItem("Choose the best remaining candidate"))
                .body("tookMicros", notNullValue());
    }

    @Test
    void internalActionsDoNotUseUpTheLimit() {
        String customer = givenCustomer(newCustomerId()).consentingTo("email", "ads").exists();

        decide(customer).at(MONDAY_10_15_PARIS).limit(1)
                .event("purchase")
                .then().statusCode(200)
                .body("actions", hasSize(2))
                .body("actions.actionId", containsInAnyOrder("stop-acquisition-ads", "onboarding-series-email"));
    }

    private static io.restassured.response.ValidatableResponse smsCart(String customer, String at) {
        return decide(customer).at(at)
                .eventMinutesBefore("products_compared", 20)
                .event("cart_abandoned")
                .then().statusCode(200);
    }
}
