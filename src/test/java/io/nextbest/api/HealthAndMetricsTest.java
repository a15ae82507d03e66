package io.nextbest.api;

import static io.nextbest.api.Api.MONDAY_10_15_PARIS;
import static io.nextbest.api.Api.decide;
import static io.nextbest.api.Api.givenCustomer;
import static io.nextbest.api.Api.newCustomerId;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What an operator's probes and Prometheus see. */
@QuarkusTest
class HealthAndMetricsTest {
    @Test
    void readinessSaysWhetherThisReplicaCanDecideAndLivenessDependsOnNothingOutside() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'ruleset' }.status", is("UP"))
                .body("checks.find { it.name == 'contact-store' }.status", is("UP"))
                .body("checks.find { it.name == 'contact-store' }.data.available", is(true))
                .body("checks.find { it.name == 'database' }.status", is("UP"))
                .body("checks.find { it.name == 'database' }.data.available", is(true));
        List<String> liveChecks = given().get("/q/health/live").then().statusCode(200).extract().path("checks.name");
        assertThat(liveChecks).noneMatch(name -> name.startsWith("Database") || name.contains("redis")
                || name.equals("contact-store"));
        given().get("/q/health/started").then().statusCode(200);
    }

    @Test
    void decisionsRulesSuppressionsCapsReloadsAndStoreCallsAreMetrics() {
        String customer = givenCustomer(newCustomerId()).consentingTo("email").exists();
        decide(customer).at(MONDAY_10_15_PARIS).event("signed_up").then().statusCode(200);
        // The welcome email went out: signing up again, it is capped.
        decide(customer).at(MONDAY_10_15_PARIS).event("signed_up").then().statusCode(200);
        decide(customer).at(MONDAY_10_15_PARIS).event("signed_up").dryRun().then().statusCode(200);
        String version = given().get("/v1/rules").then().extract().path("version");

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();

        assertThat(metrics).contains(
                "nextbest_decision_duration_seconds_bucket{kind=\"request\",outcome=\"action\"",
                "nextbest_decision_duration_seconds_count{kind=\"dry-run\",outcome=",
                "nextbest_decisions_total{kind=\"request\",outcome=\"action\"}",
                "nextbest_rules_fired_total{rule=\"Sign-up: welcome email\"}",
                "nextbest_suppressions_total{channel=\"email\",reason=\"FREQUENCY_CAP\"}",
                "nextbest_caps_reservations_total{channel=\"email\",result=\"reserved\"}",
                "nextbest_caps_store_duration_seconds_count{operation=\"reserve\",result=\"ok\",store=\"redis\"}",
                "nextbest_caps_store_available 1.0",
                "nextbest_db_duration_seconds_count{",
                "operation=\"profiles.find\"",
                "nextbest_rules_reloads_total{outcome=\"succeeded\"}",
                "nextbest_ruleset_active{version=\"" + version + "\"} 1.0",
                "nextbest_decision_duration_seconds_bucket{kind=\"request\",outcome=\"action\",le=\"0.005\"}");
        // The start-up activation was timed: an operator sees how long rule builds take on this replica.
        assertThat(metrics.lines().filter(line -> line.startsWith("nextbest_rules_reload_duration_seconds_sum{outcome=\"succeeded\"}"))
                .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))))
                .singleElement().satisfies(seconds -> assertThat(seconds).isPositive());
        // Latency buckets are the few that matter for a synchronous call, not hundreds per series.
        assertThat(metrics.lines().filter(line -> line.startsWith("nextbest_decision_duration_seconds_bucket{kind=\"request\",outcome=\"action\""))
                .count()).isLessThan(20);
    }
}
