package io.nextbest.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import io.nextbest.rules.RuleBuilds;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Builds are bounded: a slow rule cannot keep the builder for long, and a call never waits without end behind a build. */
@QuarkusTest
class RuleBuildLimitsTest {
    private static final String SLOW_RULE_NAME = "Slow probe: every three probes get a long sum";
    /** Fires once for every three probe events (a cross product), each firing a 100,000-turn loop: seconds of CPU. */
    private static final String SLOW_RULE = """
            package nextbest;
            import io.nextbest.facts.*;

            rule "%s"
                agenda-group "triggers"
            when
                $a : Event( type == "slow_probe" )
                $b : Event( type == "slow_probe" )
                $c : Event( type == "slow_probe" )
            then
                long sum = 0;
                for (int i = 0; i < 100000; i++) {
                    sum += String.valueOf(i).hashCode();
                }
                if (sum == 42) {
                    insert(Candidate.web("never-shown"));
                }
            end
            """.formatted(SLOW_RULE_NAME);

    /** Three scenarios that each set the slow rule off with 25 probe events. */
    private static String slowScenarios() {
        String probes = String.join(", ", java.util.Collections.nCopies(25, "{type: slow_probe, minutesAgo: 5}"));
        StringBuilder yaml = new StringBuilder();
        for (String name : List.of("Slow probe one", "Slow probe two", "Slow probe three")) {
            yaml.append("- name: ").append(name).append("\n  at: 2026-11-23T10:15:00+01:00\n  history: [")
                    .append(probes).append("]\n  expect:\n    actions: []\n");
        }
        return yaml.toString();
    }

    private static Map<String, Object> slowFiles() {
        return Map.of("files", List.of(Map.of("name", "slow.drl", "content", SLOW_RULE),
                Map.of("name", "tests/slow.yaml", "content", slowScenarios())));
    }

    @Test
    void scenariosPastTheirBudgetFailTheValidationNamingTheSlowRuleAndTheScenario() {
        given().contentType(ContentType.JSON).body(slowFiles())
                .post("/v1/rules/validate").then().statusCode(200)
                .body("valid", is(false))
                .body("problems[0].file", is("tests/slow.yaml"))
                .body("problems[0].severity", is("error"))
                .body("problems[0].message", allOf(containsString("used up their budget of 6 s of CPU"),
                        containsString("in scenario \"Slow probe one\""), containsString("2 scenario(s) were not run"),
                        containsString(SLOW_RULE_NAME), containsString("Not run: tests/slow.yaml: Slow probe two")))
                .body("problems[0].rules", hasItem(SLOW_RULE_NAME));
    }

    @Test
    void aRulesetWhoseScenariosRanOutOfTimeDoesNotGoLive() {
        String before = given().get("/v1/rules").then().extract().path("version");

        given().contentType(ContentType.JSON).body(slowFiles())
                .post("/v1/rules/activate").then().statusCode(422)
                .contentType("application/problem+json")
                .body("problems[0].message", containsString("used up their budget"));

        given().get("/v1/rules").then().body("version", is(before));
    }

    @Test
    void aValidationWhileTheBuilderStaysBusyIsRefusedWithTheBuildAndWhenToRetry() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        CompletableFuture<Object> busy = occupyTheBuilder("a long test build", done);
        try {
            given().contentType(ContentType.JSON).body("{}")
                    .post("/v1/rules/validate").then().statusCode(409)
                    .contentType("application/problem+json")
                    .header("Retry-After", "5")
                    .body("type", is("/problems/build-in-progress"))
                    .body("detail", containsString("a long test build"))
                    .body("build.what", is("a long test build"))
                    .body("build.since", notNullValue());
        } finally {
            done.countDown();
            busy.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aReloadWaitsBehindABuildThatFinishesWithinTheWait() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        CompletableFuture<Object> busy = occupyTheBuilder("a short test build", done);
        CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS).execute(done::countDown);

        given().post("/v1/rules/reload").then().statusCode(200).body("lastReload.succeeded", is(true));
        busy.get(30, TimeUnit.SECONDS);
    }

    @Test
    void aTableOfThousandsOfRowsValidatesWithTheFindingsOfItsRows() {
        // Row 9 + 3,000 repeats row 9 + 7; row 9 + 3,001 meets the ranges of the rows of its event around it.
        StringBuilder table = new StringBuilder("""
                ,RuleSet,nextbest
                ,Import,io.nextbest.facts.*
                ,,
                ,RuleTable Probe offers
                ,NAME,AGENDA-GROUP,CONDITION,CONDITION,CONDITION,ACTION
                ,,,Event,Customer,Customer,
                ,,,"type == ""$param"", current",lifetimeValue >= $param,lifetimeValue < $param,"insert(Candidate.web(""$param""));"
                ,Offer,Phase,Event,Value from,Value below,Banner
                """);
        for (int i = 0; i < 3000; i++) {
            table.append(",Probe offer ").append(i).append(",triggers,probe_").append(i / 100).append(',')
                    .append(i % 100 * 10).append(',').append(i % 100 * 10 + 10).append(",probe-banner-").append(i).append('\n');
        }
        table.append(",Probe offer 7 again,triggers,probe_0,70,80,probe-banner-7\n");
        table.append(",Probe offer across two bands,triggers,probe_29,5,15,probe-banner-wide\n");

        // Drools' compile of 3,000 rules takes its time on a busy test machine: longer than the default read timeout.
        given().config(RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
                        .setParam("http.socket.timeout", 300_000)))
                .contentType(ContentType.JSON)
                .body(Map.of("files", List.of(Map.of("name", "probe-offers.drl.csv", "content", table.toString()))))
                .post("/v1/rules/validate").then().statusCode(200)
                .body("valid", is(true))
                .body("rules", greaterThan(3002))
                .body("warnings.findAll { it.file == 'probe-offers.drl.csv' && !it.message.startsWith('No scenario') }.line",
                        is(List.of(3009, 3010)))
                .body("warnings.find { it.line == 3009 }.message", containsString(
                        "Row 3009 (\"Probe offer 7 again\") repeats row 16 (\"Probe offer 7\")"))
                .body("warnings.find { it.line == 3010 }.message", allOf(containsString("Rows 2909 and 3010"),
                        containsString("overlap")));
    }

    /** Keeps the builder busy until {@code done}; returns once the build has started. */
    private static CompletableFuture<Object> occupyTheBuilder(String what, CountDownLatch done) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Object> busy = CompletableFuture.supplyAsync(() -> RuleBuilds.run(what, () -> {
            started.countDown();
            try {
                return done.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return false;
            }
        }));
        if (!started.await(60, TimeUnit.SECONDS)) {
            throw new AssertionError("the builder never started the test build");
        }
        return busy;
    }
}
