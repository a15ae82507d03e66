package io.nextbest.api;

import static io.nextbest.api.Api.MONDAY_10_15_PARIS;
import static io.nextbest.api.Api.MONDAY_23_30_PARIS;
import static io.nextbest.api.Api.decide;
import static io.nextbest.api.Api.givenCustomer;
import static io.nextbest.api.Api.newCustomerId;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The ten sample behaviours the shipped rules promise, through the HTTP API. */
@QuarkusTest
class SampleRulesTest {

    @Test
    void cartAbandonedInBusinessHoursAfterComparingProductsGetsAnSmsDiscountWithinTwoHours() {
        String customer = givenCustomer(newCustomerId()).consentingTo("sms", "email").exists();

        decide(customer).at(MONDAY_10_15_PARIS)
                .eventMinutesBefore("products_compared", 20)
                .event("cart_abandoned", "value", 120)
                .then().statusCode(200)
                .body("actions.actionId", contains("cart-discount-sms"))
                .body("actions[0].channel", is("sms"))
                .body("actions[0].sendAt", is("2026-11-23T09:15:00Z"))
                .body("actions[0].sendBy", is("2026-11-23T11:15:00Z"))
                .body("actions[0].payload.discountPercent", is(10))
                .body("actions[0].rule", containsString("SMS discount within 2 hours"));
    }

    @Test
    void cartAbandonedOnASaturdayIsNotBusinessHoursSoNoSms() {
        String customer = givenCustomer(newCustomerId()).consentingTo("sms", "email").exists();

        decide(customer).at("2026-11-28T10:15:00+01:00")
                .eventMinutesBefore("products_compared", 20)
                .event("cart_abandoned")
                .then().statusCode(200)
                .body("actions.actionId", not(hasItem("cart-discount-sms")));
    }

    @Test
    void cartAbandonedLateAtNightWithLittleEngagementGetsASocialProofEmailTheNextAfternoonLocalTime() {
        String customer = givenCustomer(newCustomerId()).consentingTo("email").timezone("America/New_York").exists();

        // 23:30 in New York on Monday; the next afternoon is Tuesday 14:00 New York = 19:00 UTC.
        decide(customer).at("2026-11-23T23:30:00-05:00")
                .eventMinutesBefore("product_viewed", 10)
                .event("cart_abandoned")
                .then().statusCode(200)
                .body("actions.actionId", contains("cart-social-proof-email"))
                .body("actions[0].sendAt", is("2026-11-24T19:00:00Z"));
    }

    @Test
    void cartAbandonedAfterMidnightGetsTheEmailThatSameAfternoon() {
        String customer = givenCustomer(newCustomerId()).consentingTo("email").exists();

        decide(customer).at("2026-11-24T01:30:00+01:00")
                .event("cart_abandoned")
                .then().statusCode(200)
                .body("actions.actionId", contains("cart-social-proof-email"))
                .body("actions[0].sendAt", is("2026-11-24T13:00:00Z"));
    }

    @Test
    void engagedNightShopperDoesNotGetTheLowEngagementEmail() {
        String customer = givenCustomer(newCustomerId()).consentingTo("email").exists();

        decide(customer).at(MONDAY_23_30_PARIS)
                .eventMinutesBefore("product_viewed", 25)
                .eventMinutesBefore("product_viewed", 15)
                .eventMinutesBefore("product_viewed", 5)
                .event("cart_abandoned")
                .then().statusCode(200)
                .body("actions.actionId", contains("cart-reminder-email"))
                .body("suppressed.actionId", not(hasItem("cart-social-proof-email")));
    }

    @Test
    void whitepaperReadClosely_invitesToADemo() {
        String customer = givenCustomer(newCustomerId()).consentingTo("email").exists();

        decide(customer).at(MONDAY_10_15_PARIS)
                .event("whitepaper_downloaded", "timeOnPageSeconds", 300, "scrollDepth", 90)
                .then().statusCode(200)
                .body("actions.actionId", contains("whitepaper-demo-invite"))
                .body("actions[0].rule", is("Read closely: invite to a demo"));
    }

    @Test
    void whitepaperSkimmed_sendsRelatedContent() {
        String customer = givenCustomer(newCustomerId()).consentingTo("email").exists();

        decide(customer).at(MONDAY_10_15_PARIS)
                .event("whitepaper_downloaded", "timeOnPageSeconds", 45, "scrollDepth", 30)
                .then().statusCode(200)
                .body("actions.actionId", contains("whitepaper-related-content"))
                .body("firedRules", not(hasItem("Read closely: invite to a demo")));
    }

    @Test
    void whitepaperBarelyOpened_remindsOnTheWebsiteOnlyOnce() {
        String customer = givenCustomer(newCustomerId()).consentingTo("email").exists();

        decide(customer).at(MONDAY_10_15_PARIS).limit(5)
                .event("whitepaper_downloaded", "timeOnPageSeconds", 5, "scrollDepth", 2)
                .then().statusCode(200)
                .body("actions.actionId", contains("whitepaper-reminder-banner"))
                .body("actions[0].channel", is("web"))
                .body("suppressed", empty());
    }

    @Test
    void purchaseStopsAcquisitionAdsAndStartsOnboardingTomorrowMorning() {
        String customer = givenCustomer(newCustomerId()).consentingTo("email", "ads").exists();

        decide(customer).at(MONDAY_10_15_PARIS)
                .event("purchase", "value", 80)
                .then().statusCode(200)
                .body("actions.actionId", containsInAnyOrder("stop-acquisition-ads", "onboarding-series-email"))
                .body("actions.find { it.actionId == 'onboarding-series-email' }.sendAt", is("2026-11-24T09:00:00Z"))
                .body("actions.find { it.actionId == 'stop-acquisition-ads' }.payload.operation", is("remove"));

        decide(customer).at("2026-11-25T11:00:00+01:00")
                .event("product_viewed")
                .then().statusCode(200)
                .body("actions", empty())
                .body("suppressed.find { it.actionId == 'acquisition-retargeting' }.reason", is("ALREADY_CUSTOMER"));
    }

    @Test
    void aProductViewBeforeAnyPurchaseRetargetsWithAcquisitionAds() {
        String customer = givenCustomer(newCustomerId()).consentingTo("ads").exists();

        decide(customer).at(MONDAY_10_15_PARIS)
                .event("product_viewed")
                .then().statusCode(200)
                .body("actions.actionId", contains("acquisition-retargeting"));
    }

    @Test
    void signUpGetsTheWelcomeEmailFromTheSpreadsheet() {
        String customer = givenCustomer(newCustomerId()).consentingTo("email").exists();

        decide(customer).at(MONDAY_10_15_PARIS)
                .event("signed_up")
                .then().statusCode(200)
                .body("actions.actionId", contains("welcome-email"))
                .body("actions[0].rule", is("Sign-up: welcome email"));
    }

    @Test
    void unsubscribingFromSmsStopsSmsNowAndInEveryLaterDecision() {
        String customer = givenCustomer(newCustomerId()).consentingTo("sms", "email").exists();

        decide(customer).at(MONDAY_10_15_PARIS)
                .eventMinutesBefore("products_compared", 20)
                .event("unsubscribed", "channel", "sms")
                .event("cart_abandoned")
                .then().statusCode(200)
                .body("actions.channel", not(hasItem("sms")))
                .body("suppressed.find { it.channel == 'sms' }.reason", is("CONSENT"));

        given().get("/v1/customers/{id}", customer).then().statusCode(200).body("consents.sms", is(false));

        decide(customer).at("2026-11-30T10:15:00+01:00")
                .eventMinutesBefore("products_compared", 20)
                .event("cart_abandoned")
                .then().statusCode(200)
                .body("actions.channel", not(hasItem("sms")))
                .body("suppressed.find { it.channel == 'sms' }.reason", is("CONSENT"));
    }

    @Test
    void unsubscribingFromEverythingSilencesEveryChannelButStillAlertsSales() {
        String customer = givenCustomer(newCustomerId()).consentingTo("sms", "email").exists();

        decide(customer).at(MONDAY_10_15_PARIS)
                .event("unsubscribed")
                .then().statusCode(200);

        decide(customer).at(MONDAY_10_15_PARIS).limit(5)
                .eventMinutesBefore("products_compared", 20)
                .event("cart_abandoned", "value", 2500)
                .then().statusCode(200)
                .body("actions.actionId", contains("sales_alert"))
                .body("suppressed.reason", everyItem(is("OPTED_OUT")))
                .body("suppressed.actionId", hasItem("cart-discount-sms"));
    }

    @Test
    void anAnonymousVisitorsOptOutIsRemembered() {
        String visitor = "anon-" + newCustomerId();

        decide(visitor).at(MONDAY_10_15_PARIS).event("unsubscribed").then().statusCode(200);

        given().get("/v1/customers/{id}", visitor).then().statusCode(200)
                .body("known", is(false))
                .body("globalOptOut", is(true));
    }

    @Test
    void highValueCartAlertsASalespersonBesideTheAutomatedSms() {
        String customer = givenCustomer(newCustomerId()).consentingTo("sms", "email").exists();

        decide(customer).at(MONDAY_10_15_PARIS)
                .eventMinutesBefore("products_compared", 20)
                .event("cart_abandoned", "value", 2500)
                .then().statusCode(200)
                .body("actions.actionId", containsInAnyOrder("cart-discount-sms", "sales_alert"))
                .body("actions.find { it.actionId == 'sales_alert' }.channel", is("sales"))
                .body("actions.find { it.actionId == 'sales_alert' }.payload.cartValue", is(2500.0f));
    }

    @Test
    void customerAtHighRiskOfChurningGetsARetentionOffer() {
        String customer = givenCustomer(newCustomerId()).consentingTo("email").score("churnRisk", 0.85).exists();

        decide(customer).at(MONDAY_10_15_PARIS)
                .event("page_viewed", "page", "account")
                .then().statusCode(200)
                .body("actions.actionId", contains("retention-offer-email"))
                .body("actions[0].payload.offer", is("15% off your next order"));
    }

    @Test
    void theRetentionOfferCarriesItsSubjectLineVariant() {
        String customer = givenCustomer(newCustomerId()).consentingTo("email").score("churnRisk", 0.85).exists();
        String expected = io.nextbest.facts.Customer.bucketOf(customer, "retention-subject") < 50 ? "A" : "B";

        decide(customer).at(MONDAY_10_15_PARIS).event("page_viewed", "page", "account")
                .then().statusCode(200)
                .body("actions[0].experiment", is("retention-subject"))
                .body("actions[0].variant", is(expected));
    }

    @Test
    void oneCustomerInTenIsHeldOutOfRetentionOffersAsAControlGroup() {
        String customer = givenCustomer(Api.newControlGroupCustomerId()).consentingTo("email").score("churnRisk", 0.85).exists();

        decide(customer).at(MONDAY_10_15_PARIS).event("page_viewed", "page", "account")
                .then().statusCode(200)
                .body("actions", empty())
                .body("suppressed[0].actionId", is("retention-offer-email"))
                .body("suppressed[0].reason", is("CONTROL_GROUP"));
    }

    @Test
    void customerAtLowRiskOfChurningGetsNoRetentionOffer() {
        String customer = givenCustomer(newCustomerId()).consentingTo("email").score("churnRisk", 0.3).exists();

        decide(customer).at(MONDAY_10_15_PARIS)
                .event("page_viewed", "page", "account")
                .then().statusCode(200)
                .body("actions", empty());
    }

    @Test
    void returningVisitorWhoBrowsedEnterprisePagesSeesEnterpriseCaseStudies() {
        String visitor = "anon-" + newCustomerId();
        decide(visitor).at("2026-11-20T15:00:00Z")
                .event("page_viewed", "section", "enterprise", "page", "/enterprise/security")
                .then().statusCode(200)
                .body("actions", empty());

        decide(visitor).at(MONDAY_10_15_PARIS).channel("web")
                .event("page_viewed", "page", "/")
                .then().statusCode(200)
                .body("actions.actionId", contains("enterprise-case-studies"))
                .body("actions[0].channel", is("web"));
    }

    @Test
    void aFirstTimeVisitorOnEnterprisePagesIsNotYetReturning() {
        String visitor = "anon-" + newCustomerId();

        decide(visitor).at(MONDAY_10_15_PARIS).channel("web")
                .event("page_viewed", "section", "enterprise")
                .then().statusCode(200)
                .body("actions", empty());
    }

    @Test
    void simultaneousTriggersInOneCategoryAreResolvedByPriorityAndTheLoserIsListed() {
        String customer = givenCustomer(newCustomerId()).consentingTo("sms", "email").exists();

        decide(customer).at(MONDAY_10_15_PARIS).limit(3)
                .eventMinutesBefore("product_viewed", 25)
                .eventMinutesBefore("product_viewed", 15)
                .eventMinutesBefore("products_compared", 10)
                .eventMinutesBefore("product_viewed", 5)
                .event("cart_abandoned")
                .then().statusCode(200)
                .body("actions.actionId", contains("cart-discount-sms"))
                .body("suppressed.find { it.actionId == 'cart-reminder-email' }.reason", is("OUTRANKED_IN_CATEGORY"))
                .body("suppressed.find { it.actionId == 'cart-reminder-email' }.detail", containsString("cart-discount-sms"));
    }

    @Test
    void enterpriseSignUpGetsTheCallInviteAndTheWelcomeEmailLosesOnPriority() {
        String customer = givenCustomer(newCustomerId()).segment("enterprise").consentingTo("email").exists();

        decide(customer).at(MONDAY_10_15_PARIS)
                .event("signed_up")
                .then().statusCode(200)
                .body("actions.actionId", contains("onboarding-call-invite"))
                .body("suppressed.find { it.actionId == 'welcome-email' }.reason", is("OUTRANKED_ON_CHANNEL"));
    }
}
