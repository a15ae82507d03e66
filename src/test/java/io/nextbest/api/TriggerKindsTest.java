package io.nextbest.api;

import static io.nextbest.api.Api.MONDAY_10_15_PARIS;
import static io.nextbest.api.Api.decide;
import static io.nextbest.api.Api.givenCustomer;
import static io.nextbest.api.Api.newCustomerId;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Sequences with time windows over stored history: the trigger kind that needs state between requests. */
@QuarkusTest
class TriggerKindsTest {

    @Test
    void pricingViewedThreeTimesInSevenDaysWithoutPurchaseTriggersPricingHelp() {
        String customer = givenCustomer(newCustomerId()).consentingTo("email").exists();
        viewPricing(customer, "2026-11-18T10:00:00+01:00").body("actions", empty());
        viewPricing(customer, "2026-11-20T10:00:00+01:00").body("actions", empty());

        viewPricing(customer, MONDAY_10_15_PARIS)
                .body("actions.actionId", contains("pricing-help-email"))
                .body("actions[0].payload.pricingViews", is(3));
    }

    @Test
    void pricingViewsSpreadOverMoreThanSevenDaysDoNotCount() {
        String customer = givenCustomer(newCustomerId()).consentingTo("email").exists();
        viewPricing(customer, "2026-11-10T10:00:00+01:00");
        viewPricing(customer, "2026-11-20T10:00:00+01:00");

        viewPricing(customer, MONDAY_10_15_PARIS).body("actions", empty());
    }

    @Test
    void aPurchaseAmongThePricingViewsMeansNoPricingHelp() {
        String customer = givenCustomer(newCustomerId()).consentingTo("email").exists();
        viewPricing(customer, "2026-11-18T10:00:00+01:00");
        decide(customer).at("2026-11-19T10:00:00+01:00").event("purchase").then().statusCode(200);
        viewPricing(customer, "2026-11-20T10:00:00+01:00");

        viewPricing(customer, MONDAY_10_15_PARIS)
                .body("actions.actionId", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("pricing-help-email")));
    }

    @Test
    void enterpriseProspectBackOnPricingAlsoAlertsSales() {
        String customer = givenCustomer(newCustomerId()).segment("enterprise").consentingTo("email").exists();
        viewPricing(customer, "2026-11-18T10:00:00+01:00");
        viewPricing(customer, "2026-11-20T10:00:00+01:00");

        viewPricing(customer, MONDAY_10_15_PARIS)
                .body("actions.actionId", containsInAnyOrder("pricing-help-email", "sales_alert"));
    }

    @Test
    void theSameEventSentAgainIsStoredOnce() {
        String customer = givenCustomer(newCustomerId()).consentingTo("email").exists();
        for (int i = 0; i < 3; i++) {
            decide(customer).at(MONDAY_10_15_PARIS).eventWithId(customer + "-view-1", "page_viewed")
                    .then().statusCode(200);
        }
        // Had the replays been stored, this pricing view would be the third.
        decide(customer).at(MONDAY_10_15_PARIS).eventWithId(customer + "-view-1", "page_viewed")
                .event("page_viewed", "page", "pricing")
                .then().statusCode(200)
                .body("actions", empty());
    }

    @Test
    void aDryRunStoresNoEvents() {
        String customer = givenCustomer(newCustomerId()).consentingTo("email").exists();
        decide(customer).at("2026-11-18T10:00:00+01:00").dryRun().event("page_viewed", "page", "pricing")
                .then().statusCode(200).body("dryRun", is(true));
        viewPricing(customer, "2026-11-20T10:00:00+01:00");

        viewPricing(customer, MONDAY_10_15_PARIS).body("actions", empty());
    }

    @Test
    void conditionsOnTheRequestContextSeeTheChannel() {
        String visitor = "anon-" + newCustomerId();
        decide(visitor).at("2026-11-20T15:00:00Z").event("page_viewed", "section", "enterprise").then().statusCode(200);

        decide(visitor).at(MONDAY_10_15_PARIS).channel("app").event("app_opened")
                .then().statusCode(200)
                .body("actions", empty());
    }

    private static io.restassured.response.ValidatableResponse viewPricing(String customer, String at) {
        return decide(customer).at(at).event("page_viewed", "page", "pricing").then().statusCode(200);
    }
}
