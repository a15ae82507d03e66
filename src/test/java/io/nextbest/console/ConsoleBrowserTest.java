package io.nextbest.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.nextbest.support.TestApiKeys;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The analysts' console in a real headless Chromium: what an analyst sees and does. */
@QuarkusTest
class ConsoleBrowserTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static HeadlessChromium browser;

    @TestHTTPResource("/console/")
    URL console;

    @BeforeAll
    static void startBrowser() throws Exception {
        // CI installs Debian's chromium (.ci/run); on a machine without it this test says so and is skipped.
        boolean available = HeadlessChromium.executable() != null;
        if (!available && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI must have chromium installed for the console tests");
        }
        Assumptions.assumeTrue(available, "Install Debian's chromium to run the console browser tests");
        browser = new HeadlessChromium();
    }

    @AfterAll
    static void stopBrowser() throws Exception {
        if (browser != null) {
            browser.close();
        }
    }

    /** The analyst opens the console and enters their admin key, which the tab keeps for the session. */
    private void openConsoleAsAdmin() throws Exception {
        openConsoleWithKey(TestApiKeys.ADMIN_KEY);
    }

    /** Opens the console with this key in the tab's session (null: none). */
    private void openConsoleWithKey(String key) throws Exception {
        browser.open(console.toString());
        browser.evaluate(key == null ? "sessionStorage.removeItem('nextbest-api-key')"
                : "sessionStorage.setItem('nextbest-api-key', '" + key + "')");
        browser.open(console.toString());
    }

    @Test
    void withoutAnAdminKeyTheConsoleAsksForOneAndShowsNothing() throws Exception {
        openConsoleWithKey(null);

        assertThat(browser.await("document.getElementById('active')?.textContent.startsWith('Enter') "
                + "? document.getElementById('active').textContent : null", PATIENCE))
                .startsWith("Enter an admin API key");
        assertThat(browser.evaluate("document.querySelector('#rules tbody').innerText")).isEmpty();

        openConsoleWithKey(TestApiKeys.DECIDE_KEY);
        assertThat(browser.await("document.getElementById('active')?.textContent.includes('may not') "
                + "? document.getElementById('active').textContent : null", PATIENCE)).contains("Enter an admin API key");
    }

    @Test
    void theConsoleShowsTheActiveRulesetAndItsRules() throws Exception {
        String version = given().get("/v1/rules").then().extract().path("version");

        openConsoleAsAdmin();

        assertThat(browser.await("document.getElementById('active-version')?.textContent", PATIENCE)).isEqualTo(version);
        String rules = browser.await("document.querySelector('#rules tbody')?.innerText", PATIENCE);
        assertThat(rules).contains("Sign-up: welcome email", "event-triggers.drl.xlsx", "Choose the best remaining candidate");
        // The Scenarios column: how many scenario tests fire each rule (every sample rule has one).
        assertThat(browser.await("document.querySelector('#rules thead')?.innerText", PATIENCE)).contains("Scenarios");
        assertThat(browser.await("document.getElementById('untested')?.textContent", PATIENCE))
                .containsPattern("Scenario tests fire (\\d+) of \\1 rules \\(100 %\\); 0 no scenario test fires");
        assertThat(Files.size(browser.screenshot(Path.of("target", "console", "ruleset.png")))).isGreaterThan(10_000);
    }

    @Test
    void aBrokenSpreadsheetUploadIsPointedAtItsCellWhileTheLiveRulesStayUnchanged() throws Exception {
        String version = given().get("/v1/rules").then().extract().path("version");
        Path broken = Files.createTempDirectory("upload").resolve("whitepaper-follow-up.drl.csv");
        Files.writeString(broken, Files.readString(Path.of("rules/whitepaper-follow-up.drl.csv"))
                .replace("\"whitepaper-related-content, email\",55", "\"whitepaper-related-content, email\",fifty"));
        openConsoleAsAdmin();
        browser.await("document.getElementById('active-version')?.textContent", PATIENCE);

        browser.pickFiles("#files", broken);
        browser.click("#validate");

        String problems = browser.await("document.querySelector('#validation .problems')?.innerText", PATIENCE);
        assertThat(problems).contains("whitepaper-follow-up.drl.csv", "row 11, column J", "fifty");
        browser.screenshot(Path.of("target", "console", "broken-upload.png"));
        assertThat(given().get("/v1/rules").then().extract().<String>path("version")).isEqualTo(version);
    }

    @Test
    void aFixedUploadIsActivatedAndCanBeRolledBack() throws Exception {
        String original = given().get("/v1/rules").then().extract().path("version");
        Path fixed = Files.createTempDirectory("upload").resolve("whitepaper-follow-up.drl.csv");
        Files.writeString(fixed, Files.readString(Path.of("rules/whitepaper-follow-up.drl.csv"))
                .replace("\"whitepaper-related-content, email\",55", "\"whitepaper-related-content, email\",56"));
        openConsoleAsAdmin();
        browser.await("document.getElementById('active-version')?.textContent", PATIENCE);

        browser.pickFiles("#files", fixed);
        browser.click("#activate");

        String activated = browser.await("document.getElementById('activated')?.textContent", PATIENCE);
        String version = given().get("/v1/rules").then().extract().path("version");
        assertThat(version).isNotEqualTo(original);
        assertThat(activated).contains(version);

        browser.await("document.querySelector('[data-rollback=\"" + original + "\"]') !== null", PATIENCE);
        browser.click("[data-rollback=\"" + original + "\"]");
        browser.await("document.getElementById('active-version')?.textContent === '" + original + "'", PATIENCE);
        browser.screenshot(Path.of("target", "console", "rolled-back.png"));
        assertThat(given().get("/v1/rules").then().extract().<String>path("version")).isEqualTo(original);
    }

    @Test
    void aReplayShowsHowAPeriodsDecisionsWouldChangeAsATableAndAChart() throws Exception {
        String customer = "console-" + java.util.UUID.randomUUID();
        given().contentType(io.restassured.http.ContentType.JSON).body("{\"consents\": {\"email\": true}}")
                .put("/v1/customers/{id}", customer).then().statusCode(201);
        String decisionId = given().contentType(io.restassured.http.ContentType.JSON)
                .body("{\"customerId\": \"" + customer + "\", \"at\": \"2031-05-05T10:00:00Z\", "
                        + "\"events\": [{\"type\": \"signed_up\"}]}")
                .post("/v1/decisions").then().statusCode(200).extract().path("decisionId");
        for (int i = 0; i < 50 && given().get("/v1/decisions/{id}", decisionId).statusCode() != 200; i++) {
            Thread.sleep(100);
        }
        Path pause = Files.createTempDirectory("upload").resolve("pause-welcome.drl");
        Files.writeString(pause, """
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
                """);
        openConsoleAsAdmin();
        browser.await("document.getElementById('active-version')?.textContent", PATIENCE);

        browser.pickFiles("#files", pause);
        browser.evaluate("document.getElementById('replay-from').value = '2031-05-05'");
        browser.evaluate("document.getElementById('replay-to').value = '2031-05-05'");
        browser.click("#replay");

        assertThat(browser.await("document.getElementById('replay-summary')?.textContent", PATIENCE))
                .isEqualTo("1 of 1 decisions would change.");
        assertThat(browser.evaluate("document.getElementById('replay-table').innerText")).contains("welcome-email");
        assertThat(browser.evaluate("String(document.querySelectorAll('#replay-chart rect').length)")).isEqualTo("2");
        browser.screenshot(Path.of("target", "console", "replay.png"));
    }

    @Test
    void validatingPickedFilesShowsEachSeededMistakeWithItsPlaceAndSeverity() throws Exception {
        Path dir = Files.createTempDirectory("seeded");
        java.util.List<Path> picked = new java.util.ArrayList<>();
        for (var file : io.nextbest.support.SeededMistakes.warnedOf(Path.of("rules")).entrySet()) {
            picked.add(Files.writeString(dir.resolve(file.getKey()), file.getValue()));
        }
        openConsoleAsAdmin();
        browser.await("document.getElementById('active-version')?.textContent", PATIENCE);

        browser.pickFiles("#files", picked.toArray(Path[]::new));
        browser.click("#validate");

        assertThat(browser.await("document.getElementById('validation-ok')?.textContent", PATIENCE))
                .endsWith("warning(s) to look at.");
        String rows = browser.evaluate("[...document.querySelectorAll('#validation-findings tbody tr')]"
                + ".map(row => [...row.cells].map(cell => cell.innerText).join(' | ')).join('\\n')");
        for (io.nextbest.support.SeededMistakes.Expected expected : io.nextbest.support.SeededMistakes.WARNINGS) {
            assertThat(rows.lines()).as("%s", expected).anyMatch(row -> row.startsWith(
                    expected.severity() + " | " + expected.file() + " | " + expected.line() + " | ") && row.contains(expected.says()));
        }
        browser.screenshot(Path.of("target", "console", "seeded-mistakes.png"));
    }

    @Test
    void anAnalystTriesPickedFilesOnAShareOfCustomersAndAbandonsThem() throws Exception {
        Path banner = Files.createTempDirectory("canary").resolve("winter-banner.drl");
        Files.writeString(banner, """
                package nextbest;
                import io.nextbest.facts.*;

                rule "Visitors of the winter preview see the winter banner"
                    agenda-group "triggers"
                when
                    Event( type == "viewed_winter_preview", current )
                then
                    insert(Candidate.web("winter-banner").priority(40));
                end
                """);
        String active = given().get("/v1/rules").then().extract().path("version");
        try {
            openConsoleAsAdmin();
            browser.await("document.getElementById('no-canary')?.textContent", PATIENCE);

            browser.pickFiles("#files", banner);
            browser.evaluate("document.getElementById('canary-percent').value = '12.5'");
            browser.click("#canary-start");

            assertThat(browser.await("document.getElementById('canary-started')?.textContent", PATIENCE))
                    .endsWith("now decides for 12.5 % of customers.");
            String summary = browser.await("document.getElementById('canary-summary')?.textContent", PATIENCE);
            String canary = given().get("/v1/rules/canary").then().statusCode(200).extract().path("version");
            assertThat(summary).contains(canary, "12.5 %", active);
            browser.screenshot(Path.of("target", "console", "canary.png"));

            browser.click("#canary-abandon");
            browser.await("document.getElementById('no-canary')?.textContent", PATIENCE);
            given().get("/v1/rules/canary").then().statusCode(404);
            assertThat((String) given().get("/v1/rules").then().extract().path("version")).isEqualTo(active);
        } finally {
            given().post("/v1/rules/canary/abandon");
        }
    }

    @Test
    void campaignResultsShowSentAndSetAsideActionsAndJourneysAsCharts() throws Exception {
        String customer = "console-" + java.util.UUID.randomUUID();
        given().contentType(io.restassured.http.ContentType.JSON)
                .body("{\"timezone\": \"Europe/Paris\", \"consents\": {\"sms\": true, \"email\": true}}")
                .put("/v1/customers/{id}", customer).then().statusCode(201);
        String decisionId = given().contentType(io.restassured.http.ContentType.JSON)
                .body("{\"customerId\": \"" + customer + "\", \"at\": \"2031-05-06T10:15:00+02:00\", \"events\": ["
                        + "{\"type\": \"products_compared\", \"occurredAt\": \"2031-05-06T10:00:00+02:00\"},"
                        + "{\"type\": \"cart_abandoned\", \"attributes\": {\"value\": 80}}]}")
                .post("/v1/decisions").then().statusCode(200).extract().path("decisionId");
        for (int i = 0; i < 50 && given().get("/v1/decisions/{id}", decisionId).statusCode() != 200; i++) {
            Thread.sleep(100);
        }
        openConsoleAsAdmin();
        browser.await("document.getElementById('active-version')?.textContent", PATIENCE);

        browser.evaluate("document.getElementById('stats-from').value = '2031-05-06'");
        browser.evaluate("document.getElementById('stats-to').value = '2031-05-06'");
        browser.evaluate("document.getElementById('results').innerHTML = ''");
        browser.click("#stats-refresh");

        assertThat(browser.await("document.getElementById('results-summary')?.textContent.startsWith('1 ') "
                + "? document.getElementById('results-summary').textContent : null", PATIENCE))
                .isEqualTo("1 decision(s) recorded in this period.");
        assertThat(browser.evaluate("document.getElementById('actions-table').innerText")).contains("cart-discount-sms (sms)");
        assertThat(browser.evaluate("String(document.querySelectorAll('#actions-chart rect').length)")).isNotEqualTo("0");
        assertThat(browser.evaluate("document.getElementById('journeys-table').innerText")).contains("cart-recovery", "email 1");
        browser.screenshot(Path.of("target", "console", "campaign-results.png"));
    }

    @Test
    void aSimulationShowsTheActionsAndTheTrace() throws Exception {
        // The form's example request is for the embedded demo customer Anna.
        given().contentType(io.restassured.http.ContentType.JSON)
                .body("{\"timezone\": \"Europe/Paris\", \"consents\": {\"sms\": true, \"email\": true}}")
                .put("/v1/customers/{id}", "demo-anna").then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
        openConsoleAsAdmin();
        browser.await("document.getElementById('active-version')?.textContent", PATIENCE);

        browser.click("#simulate");

        String actions = browser.await("document.getElementById('simulated-actions')?.innerText", PATIENCE);
        assertThat(actions).contains("cart-discount-sms");
        String trace = browser.await("document.getElementById('trace')?.innerText", PATIENCE);
        assertThat(trace).contains("triggers", "arbitration", "Choose the best remaining candidate");
        browser.screenshot(Path.of("target", "console", "simulation.png"));
    }
}
