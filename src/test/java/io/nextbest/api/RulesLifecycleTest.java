package io.nextbest.api;

import static io.nextbest.api.Api.MONDAY_10_15_PARIS;
import static io.nextbest.api.Api.decide;
import static io.nextbest.api.Api.givenCustomer;
import static io.nextbest.api.Api.newCustomerId;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import io.nextbest.support.RulesFolderCopy;
import io.nextbest.support.SeededMistakes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Analysts change rules without a restart: reload, watch, validate, reject broken files, roll back. */
@QuarkusTest
@QuarkusTestResource(value = RulesFolderCopy.class, restrictToAnnotatedClass = false)
class RulesLifecycleTest {
    private static final String VIP_RULE = """
            package nextbest;
            import io.nextbest.facts.*;

            rule "VIP visitors on the web see the VIP lounge"
                agenda-group "triggers"
            when
                Customer( segment == "vip" )
                Context( channel == "web" )
            then
                insert(Candidate.web("vip-lounge").priority(99));
            end
            """;

    @Inject
    EntityManager entityManager;

    @AfterEach
    void putTheSampleRulesBack() {
        RulesFolderCopy.putTheSampleRulesBack(entityManager);
    }

    @Test
    void uploadedFilesCanBeActivatedWithoutTouchingTheFolder() {
        String before = activeVersion();

        String after = given().contentType(ContentType.JSON)
                .body(java.util.Map.of("files", java.util.List.of(java.util.Map.of("name", "vip.drl", "content", VIP_RULE))))
                .post("/v1/rules/activate").then().statusCode(200)
                .body("lastReload.source", is("upload"))
                .extract().path("version");

        org.assertj.core.api.Assertions.assertThat(after).isNotEqualTo(before);
        String vip = givenCustomer(newCustomerId()).segment("vip").exists();
        decide(vip).at(MONDAY_10_15_PARIS).then().statusCode(200)
                .body("rulesetVersion", is(after))
                .body("actions.actionId", contains("vip-lounge"));
    }

    @Test
    void aBrokenUploadIsNotActivated() {
        String before = activeVersion();

        given().contentType(ContentType.JSON)
                .body(java.util.Map.of("files", java.util.List.of(
                        java.util.Map.of("name", "vip.drl", "content", VIP_RULE.replace("end", "")))))
                .post("/v1/rules/activate").then().statusCode(422)
                .body("problems[0].file", is("vip.drl"));

        org.assertj.core.api.Assertions.assertThat(activeVersion()).isEqualTo(before);
    }

    @Test
    void aBrokenFileIsRejectedWithItsLineWhileThePreviousRulesetKeepsServing() throws Exception {
        String before = activeVersion();
        Files.writeString(RulesFolderCopy.DIR.resolve("broken.drl"), VIP_RULE.replace("then", "then oops("));

        given().post("/v1/rules/reload").then().statusCode(422)
                .contentType("application/problem+json")
                .body("problems[0].file", is("broken.drl"))
                .body("problems[0].line", org.hamcrest.Matchers.greaterThan(0));

        org.assertj.core.api.Assertions.assertThat(activeVersion()).isEqualTo(before);
        String customer = givenCustomer(newCustomerId()).consentingTo("email").exists();
        decide(customer).at(MONDAY_10_15_PARIS).event("signed_up").then().statusCode(200)
                .body("rulesetVersion", is(before))
                .body("actions.actionId", contains("welcome-email"));
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'ruleset' }.data.lastReload", is("failed"));
        given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("nextbest_rules_last_reload_failed 1.0"))
                .body(org.hamcrest.Matchers.containsString("nextbest_rules_reloads_total{outcome=\"failed\"}"))
                .body(org.hamcrest.Matchers.containsString("nextbest_rules_reload_duration_seconds_count{outcome=\"failed\"}"))
                .body(org.hamcrest.Matchers.containsString("nextbest_ruleset_active{version=\"" + before + "\"} 1.0"));
    }

    @Test
    void aChangedFolderIsPickedUpByTheWatcherWithoutARestart() throws Exception {
        String before = activeVersion();
        String vip = givenCustomer(newCustomerId()).segment("vip").exists();

        Files.writeString(RulesFolderCopy.DIR.resolve("vip.drl"), VIP_RULE);

        String after = awaitVersionOtherThan(before);
        decide(vip).at(MONDAY_10_15_PARIS).then().statusCode(200)
                .body("rulesetVersion", is(after))
                .body("actions.actionId", contains("vip-lounge"));
    }

    @Test
    void anEarlierRulesetCanBeRolledBackTo() throws Exception {
        String original = activeVersion();
        Files.writeString(RulesFolderCopy.DIR.resolve("vip.drl"), VIP_RULE);
        String changed = given().post("/v1/rules/reload").then().statusCode(200).extract().path("version");

        given().get("/v1/rules/history").then().statusCode(200)
                .body("version", hasItem(original))
                .body("find { it.active }.version", is(changed));
        given().contentType(ContentType.JSON).body("{\"version\": \"" + original + "\"}")
                .post("/v1/rules/rollback").then().statusCode(200).body("version", is(original));

        String vip = givenCustomer(newCustomerId()).segment("vip").exists();
        decide(vip).at(MONDAY_10_15_PARIS).then().statusCode(200)
                .body("rulesetVersion", is(original))
                .body("actions.actionId", not(hasItem("vip-lounge")));
    }

    @Test
    void aFailingScenarioBlocksTheReloadAndSaysWhy() throws Exception {
        String before = activeVersion();
        // A change that breaks a promise the scenarios keep: sign-ups no longer get the welcome email.
        Files.writeString(RulesFolderCopy.DIR.resolve("no-welcome.drl"), """
                package nextbest;
                import io.nextbest.facts.*;

                rule "Nobody is welcomed any more"
                    agenda-group "eligibility"
                    salience 500
                when
                    $candidate : Candidate( actionId == "welcome-email" )
                then
                    insert(Suppression.of($candidate, "NO_WELCOME", "welcomes are off"));
                end
                """);

        given().post("/v1/rules/reload").then().statusCode(422)
                .body("problems.find { it.file == 'tests/lifecycle.yaml' }.message", org.hamcrest.Matchers.containsString(
                        "Sign-up gets the welcome email from the spreadsheet"))
                .body("problems.find { it.file == 'tests/lifecycle.yaml' }.message",
                        org.hamcrest.Matchers.containsString("Nobody is welcomed any more"));
        org.assertj.core.api.Assertions.assertThat(activeVersion()).isEqualTo(before);
    }

    @Test
    void aRuleThatKeepsReFiringStopsItsDecisionWithAClearErrorAndAMetric() throws Exception {
        // Live, since the scenarios never send the event that sets it off.
        Files.writeString(RulesFolderCopy.DIR.resolve("loop.drl"), """
                package nextbest;
                import io.nextbest.facts.*;

                rule "Banners for a loop probe, one after another"
                    agenda-group "triggers"
                when
                    Event( type == "loop_probe", current )
                    Candidate( )
                then
                    insert(Candidate.web("another banner"));
                end

                rule "A loop probe starts with one banner"
                    agenda-group "triggers"
                when
                    Event( type == "loop_probe", current )
                then
                    insert(Candidate.web("first banner"));
                end
                """);
        given().post("/v1/rules/reload").then().statusCode(200);
        String customer = givenCustomer(newCustomerId()).exists();

        decide(customer).at(MONDAY_10_15_PARIS).event("loop_probe").then().statusCode(500)
                .contentType("application/problem+json")
                .body("type", is("/problems/runaway-rules"))
                .body("detail", org.hamcrest.Matchers.containsString("fired more than 10000 times"))
                .body("detail", org.hamcrest.Matchers.containsString("Banners for a loop probe, one after another"));
        given().get("/q/metrics").then().body(org.hamcrest.Matchers.containsString(
                "nextbest_rules_stopped_total{limit=\"firings\",rule=\"Banners for a loop probe, one after another\"} 1.0"));
        // Nothing else is held up: the next decision of that customer is answered.
        decide(customer).at(MONDAY_10_15_PARIS).event("page_viewed").then().statusCode(200);
    }

    @Test
    void rollingBackToAnUnknownVersionIsA404() {
        given().contentType(ContentType.JSON).body("{\"version\": \"000000000000\"}")
                .post("/v1/rules/rollback").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void validatingAnUploadChecksItAgainstTheFolderWithoutActivatingIt() {
        String before = activeVersion();
        String broken = VIP_RULE.replace("Customer( segment", "Customer( segmnt");

        given().contentType(ContentType.JSON)
                .body(java.util.Map.of("files", java.util.List.of(java.util.Map.of("name", "vip.drl", "content", broken))))
                .post("/v1/rules/validate").then().statusCode(200)
                .body("valid", is(false))
                .body("problems[0].file", is("vip.drl"))
                .body("problems[0].message", org.hamcrest.Matchers.containsString("segmnt"));

        given().contentType(ContentType.JSON)
                .body(java.util.Map.of("files", java.util.List.of(java.util.Map.of("name", "vip.drl", "content", VIP_RULE))))
                .post("/v1/rules/validate").then().statusCode(200)
                .body("valid", is(true))
                .body("files", hasItem("vip.drl"));

        org.assertj.core.api.Assertions.assertThat(activeVersion()).isEqualTo(before);
    }

    @Test
    void validationWarnsOfARuleThatCanNeverFireWithoutRefusingIt() {
        String unreachable = SeededMistakes.SELECTION_IN_TRIGGERS;

        given().contentType(ContentType.JSON)
                .body(java.util.Map.of("files", java.util.List.of(java.util.Map.of("name", "unreachable.drl", "content", unreachable))))
                .post("/v1/rules/validate").then().statusCode(200)
                .body("valid", is(true))
                .body("warnings[0].file", is("unreachable.drl"))
                .body("warnings[0].line", is(3))
                .body("warnings[0].message", org.hamcrest.Matchers.containsString("selections are made only in arbitration"))
                .body("warnings.find { it.message.startsWith('No scenario test fires') }.file", is("unreachable.drl"));
    }

    @Test
    void validationReportsEverySeededMistakeWithItsPlaceSeverityAndRules() throws Exception {
        java.util.List<java.util.Map<String, String>> uploads = SeededMistakes.warnedOf(Path.of("rules")).entrySet().stream()
                .map(file -> java.util.Map.of("name", file.getKey(), "content", file.getValue())).toList();

        io.restassured.path.json.JsonPath report = given().contentType(ContentType.JSON)
                .body(java.util.Map.of("files", uploads))
                .post("/v1/rules/validate").then().statusCode(200)
                .body("valid", is(true))
                .body("warnings.severity", org.hamcrest.Matchers.everyItem(is("warning")))
                .extract().jsonPath();
        for (SeededMistakes.Expected expected : SeededMistakes.WARNINGS) {
            org.assertj.core.api.Assertions.assertThat(report.getList("warnings", java.util.Map.class))
                    .as("%s", expected)
                    .anySatisfy(warning -> {
                        org.assertj.core.api.Assertions.assertThat(warning.get("file")).isEqualTo(expected.file());
                        org.assertj.core.api.Assertions.assertThat(warning.get("line")).isEqualTo(expected.line());
                        org.assertj.core.api.Assertions.assertThat((String) warning.get("message")).contains(expected.says());
                    });
        }
        given().contentType(ContentType.JSON).body(java.util.Map.of("files", java.util.List.of(java.util.Map.of(
                        "name", SeededMistakes.OFFERS_TABLE, "content", SeededMistakes.OFFERS_BY_SEGMENT))))
                .post("/v1/rules/validate").then().statusCode(200)
                .body("warnings.find { it.line == 10 }.rules", contains("VIP: lounge banner", "VIP: concierge banner"));

        SeededMistakes.Expected error = SeededMistakes.LOST_QUOTES_ERROR;
        given().contentType(ContentType.JSON)
                .body(java.util.Map.of("files", java.util.List.of(java.util.Map.of("name", error.file(), "content",
                        SeededMistakes.LOST_QUOTES))))
                .post("/v1/rules/validate").then().statusCode(200)
                .body("valid", is(false))
                .body("problems[0].severity", is("error"))
                .body("problems[0].file", is(error.file()))
                .body("problems[0].line", is(error.line()))
                .body("problems[0].message", org.hamcrest.Matchers.containsString(error.says()));
    }

    @Test
    void aSpreadsheetCanBeValidatedAsBase64() throws Exception {
        String xlsx = Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of("rules/event-triggers.drl.xlsx")));

        given().contentType(ContentType.JSON)
                .body(java.util.Map.of("files", java.util.List.of(
                        java.util.Map.of("name", "copy.drl.xlsx", "content", xlsx, "encoding", "base64"))))
                .post("/v1/rules/validate").then().statusCode(200)
                // The same rule names twice in one package: Drools refuses the duplicate.
                .body("valid", is(false))
                // Drools names whichever of the two files it compiled second.
                .body("problems.file", hasItem(org.hamcrest.Matchers.either(is("copy.drl.xlsx"))
                        .or(is("event-triggers.drl.xlsx"))));
    }

    @Test
    void anUploadedFileNameMustStayInsideTheRulesFolder() {
        given().contentType(ContentType.JSON)
                .body(java.util.Map.of("files", java.util.List.of(java.util.Map.of("name", "../etc/x.drl", "content", "x"))))
                .post("/v1/rules/validate").then().statusCode(400)
                .body("errors.field", hasItem("files[0].name"));
    }

    private static String activeVersion() {
        return given().get("/v1/rules").then().statusCode(200).extract().path("version");
    }

    private static String awaitVersionOtherThan(String version) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            String now = activeVersion();
            if (!now.equals(version)) {
                return now;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("The watcher did not pick up the change within 10 s");
    }
}
