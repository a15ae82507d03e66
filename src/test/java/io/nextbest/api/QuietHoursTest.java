package io.nextbest.api;

import static io.nextbest.api.Api.MONDAY_23_30_PARIS;
import static io.nextbest.api.Api.decide;
import static io.nextbest.api.Api.givenCustomer;
import static io.nextbest.api.Api.newCustomerId;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** Quiet hours, in the customer's own timezone: SMS waits until they end, push is dropped. */
@QuarkusTest
class QuietHoursTest {

    @Test
    void anSmsInTheCustomersOwnQuietHoursIsDeferredToTheirEnd() {
        String customer = givenCustomer(newCustomerId()).consentingTo("sms").exists();
        given().contentType(ContentType.JSON).body("{\"quietHours\": \"12:00-14:00\"}")
                .patch("/v1/customers/{id}", customer).then().statusCode(200).body("quietHours", is("12:00-14:00"));

        decide(customer).at("2026-11-23T12:30:00+01:00")
                .eventMinutesBefore("products_compared", 20)
                .event("cart_abandoned")
                .then().statusCode(200)
                .body("actions.actionId", contains("cart-discount-sms"))
                .body("actions[0].sendAt", is("2026-11-23T13:00:00Z"))
                .body("actions[0].sendBy", nullValue())
                .body("firedRules", hasItem("An SMS that would arrive in the customer's quiet hours waits until they end"));
    }

    @Test
    void aPushAtNightIsDroppedUnderTheDefaultQuietHours() {
        String customer = givenCustomer(newCustomerId()).consentingTo("push").exists();

        decide(customer).at(MONDAY_23_30_PARIS).event("app_installed")
                .then().statusCode(200)
                .body("actions", empty())
                .body("suppressed[0].actionId", is("app-tips-push"))
                .body("suppressed[0].reason", is("QUIET_HOURS"));
    }

    @Test
    void theSamePushInTheDayGoesOut() {
        String customer = givenCustomer(newCustomerId()).consentingTo("push").exists();

        decide(customer).at("2026-11-23T15:00:00+01:00").event("app_installed")
                .then().statusCode(200)
                .body("actions.actionId", contains("app-tips-push"));
    }

    @Test
    void quietHoursMustBeWrittenAsTwoTimes() {
        given().contentType(ContentType.JSON).body("{\"quietHours\": \"late\"}")
                .put("/v1/customers/{id}", newCustomerId())
                .then().statusCode(400)
                .body("errors.field", hasItem("quietHours"));
    }
}
