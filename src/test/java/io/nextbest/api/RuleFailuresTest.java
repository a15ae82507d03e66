package io.nextbest.api;

import static io.nextbest.api.Api.MONDAY_10_15_PARIS;
import static io.nextbest.api.Api.awaitRecorded;
import static io.nextbest.api.Api.decide;
import static io.nextbest.api.Api.givenCustomer;
import static io.nextbest.api.Api.newCustomerId;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.nextbest.support.RulesFolderCopy;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A rule that throws live is contained: the decision answers without it, names it, and the failure is counted.
 * The unreadable send times are written String.valueOf("…"): validation refuses a literal one before it goes live,
 * so these fail only when the rule fires.
 */
@QuarkusTest
class RuleFailuresTest {
    private static final String TEA_TIME = "Tea time: an email at tea time";
    private static final String FRAGILE_CHECK = "Fragile banners: checked against a quiet time that cannot be read";
    private static final String FRAGILE_RULES = """
            package nextbest;
            import io.nextbest.facts.*;

            rule "Tea time: an email at tea time"
                agenda-group "triggers"
            when
                Event( type == "tea_requested", current )
            then
                insert(Candidate.web("tea-half-made"));
                insert(Candidate.email("tea-email").atLocalTime(String.valueOf("teatime")));
            end

            rule "Tea time: a banner"
                agenda-group "triggers"
            when
                Event( type == "tea_requested", current )
            then
                insert(Candidate.web("tea-banner").priority(90));
            end

            rule "Fragile banners: proposed"
                agenda-group "triggers"
            when
                Event( type == "fragile_requested", current )
            then
                insert(Candidate.web("fragile-banner").priority(90));
            end

            rule "Fragile banners: checked against a quiet time that cannot be read"
                agenda-group "eligibility"
            when
                $banner : Candidate( actionId == "fragile-banner" )
            then
                insert(Candidate.email("never").atLocalTime(String.valueOf("never")));
            end

            rule "Broken condition"
                agenda-group "triggers"
            when
                Event( type == "broken_condition", current, type.substring(100) == "" )
            then
                insert(Candidate.web("unreachable"));
            end
            """;

    @Inject
    EntityManager entityManager;

    @AfterEach
    void putTheSampleRulesBack() {
        RulesFolderCopy.putTheSampleRulesBack(entityManager);
    }

    @Test
    void aTriggerRuleThatThrowsIsLeftOutAndTheDecisionAnswersWithTheRest() throws InterruptedException {
        activateFragileRules();
        String customer = givenCustomer(newCustomerId()).consentingTo("email").exists();

        String decisionId = decide(customer).at(MONDAY_10_15_PARIS).event("tea_requested").then().statusCode(200)
                .body("actions.actionId", hasItem("tea-banner"))
                .body("actions.actionId", not(hasItem("tea-half-made")))
                .body("suppressed.actionId", not(hasItem("tea-half-made")))
                .body("firedRules", not(hasItem(TEA_TIME)))
                .body("failedRules.rule", is(List.of(TEA_TIME)))
                .body("failedRules[0].file", is("fragile.drl"))
                .body("failedRules[0].phase", is("triggers"))
                .body("failedRules[0].reason", containsString("teatime"))
                .body("failedRules[0].reason", not(containsString("io.nextbest")))
                .extract().path("decisionId");
        awaitRecorded(decisionId).statusCode(200)
                .body("failedRules.rule", is(List.of(TEA_TIME)))
                .body("firedRules", hasItem("Tea time: a banner"));
    }

    @Test
    void anEligibilityRuleThatThrowsSetsAsideWhatItGuards() {
        activateFragileRules();
        String customer = givenCustomer(newCustomerId()).consentingTo("email").exists();

        decide(customer).at(MONDAY_10_15_PARIS).event("fragile_requested").then().statusCode(200)
                .body("actions.actionId", not(hasItem("fragile-banner")))
                .body("suppressed.find { it.actionId == 'fragile-banner' }.reason", is("RULE_FAILED"))
                .body("suppressed.find { it.actionId == 'fragile-banner' }.rule", is(FRAGILE_CHECK))
                .body("suppressed.actionId", not(hasItem("never")))
                .body("failedRules.rule", is(List.of(FRAGILE_CHECK)));
    }

    @Test
    void theMetricAndTheRulesListShowTheFailuresLive() {
        activateFragileRules();
        String customer = givenCustomer(newCustomerId()).consentingTo("email").exists();
        given().get("/v1/rules").then().statusCode(200)
                .body("rules.find { it.name == '" + TEA_TIME + "' }.failures", is(0))
                .body("rules.find { it.name == '" + TEA_TIME + "' }.lastFailedAt", nullValue());

        decide(customer).at(MONDAY_10_15_PARIS).event("tea_requested").then().statusCode(200);
        decide(customer).at(MONDAY_10_15_PARIS).dryRun().event("tea_requested").then().statusCode(200);

        given().get("/v1/rules").then().statusCode(200)
                .body("rules.find { it.name == '" + TEA_TIME + "' }.failures", is(2))
                .body("rules.find { it.name == '" + TEA_TIME + "' }.lastFailedAt", notNullValue())
                .body("rules.find { it.name == '" + TEA_TIME + "' }.lastFailure", containsString("teatime"))
                .body("rules.find { it.name == 'Tea time: a banner' }.failures", is(0));
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics.lines().filter(line -> line.startsWith("nextbest_rules_failures_total{")
                && line.contains("rule=\"" + TEA_TIME + "\"") && line.contains("phase=\"triggers\"")))
                .singleElement().satisfies(line -> assertThat(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                        .isGreaterThanOrEqualTo(2));
    }

    @Test
    void aDecisionTableRuleIsListedWithItsRow() {
        given().get("/v1/rules").then().statusCode(200)
                .body("rules.find { it.file == 'whitepaper-follow-up.drl.csv' }.row", greaterThanOrEqualTo(1))
                .body("rules.find { it.file == 'eligibility.drl' }", not(org.hamcrest.Matchers.hasKey("row")));
    }

    @Test
    void aSimulationShowsTheSameContainmentAndWhichFiringFailed() {
        String customer = givenCustomer(newCustomerId()).consentingTo("email").exists();
        Map<String, Object> request = Map.of("customerId", customer, "at", MONDAY_10_15_PARIS,
                "events", List.of(Map.of("type", "tea_requested")));

        given().contentType(ContentType.JSON)
                .body(Map.of("request", request, "files", List.of(Map.of("name", "fragile.drl", "content", FRAGILE_RULES))))
                .post("/v1/simulate").then().statusCode(200)
                .body("decision.actions.actionId", hasItem("tea-banner"))
                .body("decision.failedRules.rule", is(List.of(TEA_TIME)))
                .body("firings.find { it.rule == '" + TEA_TIME + "' }.failure", containsString("teatime"))
                .body("firings.find { it.rule == '" + TEA_TIME + "' }.effects", hasItem(containsString("deleted Candidate[tea-half-made")))
                .body("firings.find { it.rule == 'Tea time: a banner' }.failure", nullValue());
    }

    @Test
    void aReplayCountsTheDecisionsInWhichACandidateRuleWouldFail() throws InterruptedException {
        // A day no other test decides in, so the replayed period holds only this test's decisions.
        String monday = "2032-10-04T10:15:00+02:00";
        String lastId = null;
        for (int i = 0; i < 2; i++) {
            String customer = givenCustomer(newCustomerId()).consentingTo("email").exists();
            lastId = decide(customer).at(monday).event("signed_up").then().statusCode(200).extract().path("decisionId");
        }
        awaitRecorded(lastId).statusCode(200);
        String brokenCheck = """
                package nextbest;
                import io.nextbest.facts.*;

                rule "Welcome emails checked against a quiet time that cannot be read"
                    agenda-group "eligibility"
                when
                    $welcome : Candidate( actionId == "welcome-email" )
                then
                    insert(Candidate.email("never").atLocalTime(String.valueOf("never")));
                end
                """;

        given().contentType(ContentType.JSON)
                .body(Map.of("from", "2032-10-04T00:00:00Z", "to", "2032-10-05T00:00:00Z",
                        "files", List.of(Map.of("name", "broken-check.drl", "content", brokenCheck))))
                .post("/v1/rules/replay").then().statusCode(200)
                .body("decisions", is(2))
                .body("byAction.find { it.actionId == 'welcome-email' }.after", is(0))
                .body("failedRules.rule", is(List.of("Welcome emails checked against a quiet time that cannot be read")))
                .body("failedRules[0].file", is("broken-check.drl"))
                .body("failedRules[0].before", is(0))
                .body("failedRules[0].after", is(2))
                .body("failedRules[0].lastReason", containsString("never"));
    }

    @Test
    void aConditionThatThrowsFailsTheDecisionClosedNamingTheRule() {
        activateFragileRules();
        String customer = givenCustomer(newCustomerId()).consentingTo("email").exists();

        // The matching stopped half-way: nothing the rules proposed is trusted, so nothing is proposed.
        decide(customer).at(MONDAY_10_15_PARIS).event("broken_condition").then().statusCode(200)
                .body("actions", empty())
                .body("failedRules.rule", is(List.of("Broken condition")))
                .body("failedRules[0].reason", containsString("type.substring(100)"))
                .body("failedRules[0].reason", not(containsString("io.nextbest")));
        given().get("/v1/rules").then().statusCode(200)
                .body("rules.find { it.name == 'Broken condition' }.failures", is(1));
    }

    private static void activateFragileRules() {
        given().contentType(ContentType.JSON)
                .body(Map.of("files", List.of(Map.of("name", "fragile.drl", "content", FRAGILE_RULES))))
                .post("/v1/rules/activate").then().statusCode(200);
    }
}
