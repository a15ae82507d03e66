package io.nextbest.api;

import static io.nextbest.api.Api.decide;
import static io.nextbest.api.Api.givenCustomer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Campaign statistics per action and variant, and the lift of an action over its control group. */
@QuarkusTest
class StatsTest {
    /** A day no other test decides in. */
    private static final String AT = "2031-06-02T10:15:00+01:00";

    @Test
    void theRetentionOfferIsMeasuredPerVariantAndAgainstItsControlGroup() throws Exception {
        List<String> treated = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            treated.add(givenCustomer(Api.newCustomerId()).consentingTo("email").score("churnRisk", 0.9).exists());
        }
        List<String> control = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            control.add(givenCustomer(Api.newControlGroupCustomerId()).consentingTo("email").score("churnRisk", 0.9).exists());
        }
        String lastDecision = null;
        String firstTreatedDecision = null;
        for (String customer : treated) {
            lastDecision = decide(customer).at(AT).event("app_opened").then().statusCode(200).extract().path("decisionId");
            firstTreatedDecision = firstTreatedDecision == null ? lastDecision : firstTreatedDecision;
        }
        for (String customer : control) {
            lastDecision = decide(customer).at(AT).event("app_opened").then().statusCode(200).extract().path("decisionId");
        }
        Api.awaitRecorded(lastDecision).statusCode(200);
        outcome(firstTreatedDecision, "delivered");
        outcome(firstTreatedDecision, "opened");
        // Two of three treated customers and one of two held-out customers buy within the week.
        purchase(treated.get(0));
        purchase(treated.get(1));
        purchase(control.get(0));

        given().queryParam("from", "2031-06-02T00:00:00Z").queryParam("to", "2031-06-03T00:00:00Z")
                .get("/v1/stats").then().log().ifValidationFails().statusCode(200)
                .body("decisions", is(5))
                .body("actions.findAll { it.actionId == 'retention-offer-email' }.sum { it.selected }", is(3))
                .body("actions.findAll { it.actionId == 'retention-offer-email' }.sum { it.suppressed.CONTROL_GROUP ?: 0 }", is(2))
                .body("actions.findAll { it.actionId == 'retention-offer-email' }.sum { it.delivered }", is(1))
                .body("actions.find { it.actionId == 'retention-offer-email' && it.delivered == 1 }.responseRate", is(1.0f))
                .body("lift[0].actionId", is("retention-offer-email"))
                .body("lift[0].treated", is(3))
                .body("lift[0].treatedConverted", is(2))
                .body("lift[0].control", is(2))
                .body("lift[0].controlConverted", is(1))
                .body("lift[0].lift", org.hamcrest.Matchers.both(org.hamcrest.Matchers.greaterThan(0.333f))
                        .and(org.hamcrest.Matchers.lessThan(0.334f)));
    }

    private static void outcome(String decisionId, String type) {
        given().contentType(ContentType.JSON).body("{\"type\": \"" + type + "\", \"at\": \"2031-06-02T12:00:00Z\"}")
                .post("/v1/decisions/{id}/outcomes", decisionId).then().statusCode(201);
    }

    private static void purchase(String customer) {
        given().contentType(ContentType.JSON)
                .body("{\"events\": [{\"id\": \"" + customer + "-purchase\", \"customerId\": \"" + customer
                        + "\", \"type\": \"purchase\", \"occurredAt\": \"2031-06-04T10:00:00Z\"}]}")
                .post("/v1/events").then().statusCode(200);
    }

}
