package io.nextbest.api;

import static io.nextbest.api.Api.MONDAY_10_15_PARIS;
import static io.nextbest.api.Api.decide;
import static io.nextbest.api.Api.givenCustomer;
import static io.nextbest.api.Api.newCustomerId;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import io.nextbest.support.RulesFolderCopy;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A candidate ruleset tried on a share of customers, compared with the active one, then promoted or abandoned. */
@QuarkusTest
@QuarkusTestResource(value = RulesFolderCopy.class, restrictToAnnotatedClass = false)
class CanaryTest {
    /** A day no other test decides in, so the statistics hold this test's decisions alone. */
    private static final String AT = "2031-09-01T10:15:00+02:00";
    private static final String FROM = "2031-09-01T00:00:00Z";
    private static final String TO = "2031-09-02T00:00:00Z";
    private static final int POPULATION = 1_000;

    private static final String BANNER_RULE = """
            package nextbest;
            import io.nextbest.facts.*;

            rule "Visitors of the autumn preview see the autumn banner"
                agenda-group "triggers"
            when
                Event( type == "viewed_autumn_preview", current )
            then
                insert(Candidate.web("autumn-banner").priority(40));
            end
            """;

    /** Proposes the welcome email again, to a customer who already had it from the active ruleset. */
    private static final String WELCOME_AGAIN_RULE = """
            package nextbest;
            import io.nextbest.facts.*;

            rule "Customers who open the welcome pack get the welcome email"
                agenda-group "triggers"
            when
                Event( type == "opened_welcome_pack", current )
            then
                insert(Candidate.email("welcome-email").priority(40));
            end
            """;

    @Inject
    EntityManager entityManager;

    @AfterEach
    void putTheSampleRulesBack() {
        RulesFolderCopy.putTheSampleRulesBack(entityManager);
    }

    @Test
    void aTenPercentCanaryDecidesForAboutOneCustomerInTenAndItsStatisticsAreApart() throws Exception {
        String active = activeVersion();
        String canary = startCanary("autumn.drl", BANNER_RULE, 10)
                .body("percent", is(10.0f))
                .body("activeVersion", is(active))
                .extract().path("version");
        assertThat(canary).isNotEqualTo(active);

        List<String> inCanary = new ArrayList<>();
        List<String> inActive = new ArrayList<>();
        String lastDecision = null;
        for (int i = 0; i < POPULATION; i++) {
            String customer = "canary-" + i + "-" + newCustomerId();
            JsonPath decision = decide(customer).at(AT).channel("web").event("viewed_autumn_preview")
                    .then().statusCode(200).extract().jsonPath();
            lastDecision = decision.getString("decisionId");
            boolean byCanary = canary.equals(decision.getString("rulesetVersion"));
            // Each decision names the ruleset that made it, and only the canary knows the banner.
            assertThat(decision.getList("actions.actionId")).isEqualTo(byCanary ? List.of("autumn-banner") : List.of());
            if (!byCanary) {
                assertThat(decision.getString("rulesetVersion")).isEqualTo(active);
            }
            (byCanary ? inCanary : inActive).add(customer);
        }

        // 10 % of 1,000: 100, standard deviation 9.5; three of them either side.
        assertThat(inCanary.size()).isBetween(71, 129);
        // The share is by customer: the same customers get the same ruleset again (and the same banner is
        // not shown twice: the caps hold across rulesets as within one).
        for (String customer : inCanary.subList(0, 20)) {
            decide(customer).at(AT).channel("web").event("viewed_autumn_preview").then().statusCode(200)
                    .body("rulesetVersion", is(canary))
                    .body("suppressed.actionId", contains("autumn-banner"));
        }
        for (String customer : inActive.subList(0, 20)) {
            decide(customer).at(AT).channel("web").event("viewed_autumn_preview").then().statusCode(200)
                    .body("rulesetVersion", is(active));
        }
        int canaryDecisions = inCanary.size() + 20;
        int activeDecisions = inActive.size() + 20;
        awaitRecordedCount(canaryDecisions + activeDecisions);

        given().queryParam("from", FROM).queryParam("to", TO).get("/v1/stats").then().statusCode(200)
                .body("decisions", is(canaryDecisions + activeDecisions))
                .body("canary.canaryVersion", is(canary))
                .body("canary.activeVersion", is(active))
                .body("canary.percent", is(10.0f))
                .body("rulesets.find { it.version == '" + canary + "' }.decisions", is(canaryDecisions))
                .body("rulesets.find { it.version == '" + canary + "' }.customers", is(inCanary.size()))
                .body("rulesets.find { it.version == '" + canary + "' }.selected", is(inCanary.size()))
                .body("rulesets.find { it.version == '" + canary + "' }.suppressed.values().sum()", is(20))
                .body("rulesets.find { it.version == '" + canary + "' }.actionRate",
                        is((float) inCanary.size() / canaryDecisions))
                .body("rulesets.find { it.version == '" + active + "' }.decisions", is(activeDecisions))
                .body("rulesets.find { it.version == '" + active + "' }.selected", is(0))
                .body("rulesets.find { it.version == '" + active + "' }.actionRate", is(0.0f));
        given().queryParam("from", FROM).queryParam("to", TO).queryParam("ruleset", canary).get("/v1/stats")
                .then().statusCode(200)
                .body("ruleset", is(canary))
                .body("decisions", is(canaryDecisions))
                .body("actions.actionId", contains("autumn-banner"));
        given().get("/v1/rules/canary").then().statusCode(200)
                .body("version", is(canary))
                .body("comparison.version", hasItem(canary));
        given().get("/v1/rules").then().statusCode(200)
                .body("version", is(active))
                .body("canary.version", is(canary))
                .body("canary.percent", is(10.0f));

        given().post("/v1/rules/canary/abandon").then().statusCode(200).body("version", is(canary));
        given().get("/v1/rules/canary").then().statusCode(404).contentType("application/problem+json");
        for (String customer : inCanary.subList(0, 5)) {
            decide(customer).at(AT).channel("web").event("viewed_autumn_preview").then().statusCode(200)
                    .body("rulesetVersion", is(active))
                    .body("actions", empty());
        }
        assertThat(lastDecision).isNotNull();
    }

    @Test
    void aPromotedCanaryBecomesTheActiveRulesetForEveryone() {
        String canary = startCanary("autumn.drl", BANNER_RULE, 1).extract().path("version");

        given().post("/v1/rules/canary/promote").then().statusCode(200)
                .body("version", is(canary))
                .body("lastReload.source", is("canary"));

        assertThat(activeVersion()).isEqualTo(canary);
        given().get("/v1/rules/canary").then().statusCode(404);
        given().get("/v1/rules/history").then().statusCode(200)
                .body("find { it.active }.version", is(canary))
                .body("find { it.active }.source", is("canary"));
        for (int i = 0; i < 5; i++) {
            decide(newCustomerId()).at(MONDAY_10_15_PARIS).channel("web").event("viewed_autumn_preview").then().statusCode(200)
                    .body("rulesetVersion", is(canary))
                    .body("actions.actionId", contains("autumn-banner"));
        }
        given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("nextbest_ruleset_canary_percent{")));
    }

    @Test
    void theCanaryCountsContactsInTheSameCapsAsTheActiveRuleset() {
        String customer = givenCustomer(newCustomerId()).consentingTo("email").exists();
        decide(customer).at(MONDAY_10_15_PARIS).event("signed_up").then().statusCode(200)
                .body("actions.actionId", contains("welcome-email"));

        String canary = startCanary("welcome-again.drl", WELCOME_AGAIN_RULE, 100).extract().path("version");
        given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("nextbest_ruleset_canary_percent{version=\"" + canary + "\"} 100.0"));

        // Sent once by the active ruleset: the canary's proposal of the same email meets the same 30-day cap.
        decide(customer).at(MONDAY_10_15_PARIS).event("opened_welcome_pack").then().statusCode(200)
                .body("rulesetVersion", is(canary))
                .body("actions", empty())
                .body("suppressed.find { it.actionId == 'welcome-email' }.reason", is("FREQUENCY_CAP"));
    }

    @Test
    void aCanaryIsCheckedLikeAnyRuleChangeAndItsShareMustMakeSense() {
        String active = activeVersion();
        given().contentType(ContentType.JSON)
                .body(Map.of("files", List.of(Map.of("name", "autumn.drl", "content", BANNER_RULE.replace("end", ""))),
                        "percent", 10))
                .post("/v1/rules/canary").then().statusCode(422)
                .contentType("application/problem+json")
                .body("problems[0].file", is("autumn.drl"));
        for (Object percent : List.of(0, 100.5, 12.345, -3)) {
            given().contentType(ContentType.JSON)
                    .body(Map.of("files", List.of(Map.of("name", "autumn.drl", "content", BANNER_RULE)), "percent", percent))
                    .post("/v1/rules/canary").then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors.field", hasItem("percent"));
        }
        // The folder's own files again: nothing to compare.
        given().contentType(ContentType.JSON)
                .body(Map.of("files", List.of(Map.of("name", "arbitration.drl", "content",
                        read("rules/arbitration.drl"))), "percent", 10))
                .post("/v1/rules/canary").then().statusCode(409)
                .body("type", org.hamcrest.Matchers.endsWith("canary-same-as-active"));

        given().get("/v1/rules/canary").then().statusCode(404);
        given().post("/v1/rules/canary/promote").then().statusCode(404);
        assertThat(activeVersion()).isEqualTo(active);
    }

    private static io.restassured.response.ValidatableResponse startCanary(String file, String content, double percent) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("files", List.of(Map.of("name", file, "content", content)), "percent", percent))
                .post("/v1/rules/canary").then().log().ifValidationFails().statusCode(200);
    }

    private static String activeVersion() {
        return given().get("/v1/rules").then().statusCode(200).extract().path("version");
    }

    /** The decision records are written in the background: waits until the day holds them all. */
    private static void awaitRecordedCount(int expected) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            int recorded = given().queryParam("from", FROM).queryParam("to", TO).get("/v1/stats").then().statusCode(200)
                    .extract().path("decisions");
            if (recorded >= expected) {
                return;
            }
            Thread.sleep(100);
        }
    }

    private static String read(String path) {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of(path));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
