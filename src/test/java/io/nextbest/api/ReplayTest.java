package io.nextbest.api;

import static io.nextbest.api.Api.awaitRecorded;
import static io.nextbest.api.Api.decide;
import static io.nextbest.api.Api.givenCustomer;
import static io.nextbest.api.Api.newCustomerId;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Replay: how last week's decisions would have gone under a candidate change, before anyone activates it. */
@QuarkusTest
class ReplayTest {
    /** A day no other test decides in, so the replayed period holds only this test's decisions. */
    private static final String MONDAY = "2031-03-03T10:15:00+01:00";

    @Test
    void aCandidateChangeIsReplayedOverTheRecordedDecisionsOfAPeriod() throws Exception {
        String first = givenCustomer(newCustomerId()).consentingTo("email").exists();
        String second = givenCustomer(newCustomerId()).consentingTo("email").exists();
        String third = givenCustomer(newCustomerId()).consentingTo("email").exists();
        String lastId = null;
        for (String customer : List.of(first, second)) {
            lastId = decide(customer).at(MONDAY).event("signed_up").then().statusCode(200).extract().path("decisionId");
        }
        String unchanged = decide(third).at(MONDAY).event("whitepaper_downloaded", "timeOnPageSeconds", 300, "scrollDepth", 90)
                .then().statusCode(200).extract().path("decisionId");
        awaitRecorded(lastId).statusCode(200);
        awaitRecorded(unchanged).statusCode(200);
        String noWelcome = """
                package nextbest;
                import io.nextbest.facts.*;

                rule "Welcome emails are paused"
                    agenda-group "eligibility"
                    salience 500
                when
                    $candidate : Candidate( actionId == "welcome-email" )
                then
                    insert(Suppression.of($candidate, "PAUSED", "welcome emails are paused"));
                end
                """;

        given().contentType(ContentType.JSON)
                .body(Map.of("from", "2031-03-03T00:00:00Z", "to", "2031-03-04T00:00:00Z",
                        "files", List.of(Map.of("name", "pause-welcome.drl", "content", noWelcome))))
                .post("/v1/rules/replay").then().log().ifValidationFails().statusCode(200)
                .body("decisions", is(3))
                .body("changed", is(2))
                .body("byAction.find { it.actionId == 'welcome-email' }.before", is(2))
                .body("byAction.find { it.actionId == 'welcome-email' }.after", is(0))
                .body("byAction.find { it.actionId == 'whitepaper-demo-invite' }.after", is(1))
                .body("examples[0].before", contains("welcome-email"))
                .body("examples[0].after", empty());
    }

    @Test
    void ruleStatisticsCountFiringsSelectionsAndSuppressionsPerRule() throws Exception {
        String consenting = givenCustomer(newCustomerId()).consentingTo("email").exists();
        String stranger = "anon-" + newCustomerId();
        decide(consenting).at("2031-04-07T10:15:00+01:00").event("signed_up").then().statusCode(200);
        String last = decide(stranger).at("2031-04-07T10:16:00+01:00").event("signed_up")
                .then().statusCode(200).extract().path("decisionId");
        awaitRecorded(last).statusCode(200);

        given().queryParam("from", "2031-04-07T00:00:00Z").queryParam("to", "2031-04-08T00:00:00Z")
                .get("/v1/rules/stats").then().statusCode(200)
                .body("decisions", is(2))
                .body("rules.find { it.rule == 'Sign-up: welcome email' }.fired", is(2))
                .body("rules.find { it.rule == 'Sign-up: welcome email' }.selected", is(1))
                .body("rules.find { it.rule == 'Sign-up: welcome email' }.suppressed", is(1))
                .body("rules.find { it.rule == 'Sign-up: welcome email' }.suppressedBy.CONSENT", is(1));
    }

    @Test
    void aPeriodThatEndsBeforeItStartsIsA400() {
        given().contentType(ContentType.JSON)
                .body(Map.of("from", "2031-03-04T00:00:00Z", "to", "2031-03-03T00:00:00Z",
                        "files", List.of(Map.of("name", "x.drl", "content", "package nextbest;"))))
                .post("/v1/rules/replay").then().statusCode(400).contentType("application/problem+json");
    }

}
