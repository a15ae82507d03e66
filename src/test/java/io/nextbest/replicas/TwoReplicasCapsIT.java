package io.nextbest.replicas;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import io.nextbest.support.InParallel;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two replicas sharing one PostgreSQL and one Redis, as on Kubernetes: caps, opt-outs, erasure and rule releases hold across them. */
class TwoReplicasCapsIT {
    private static AppInstance first;
    private static AppInstance second;

    @BeforeAll
    static void startReplicas() throws Exception {
        first = AppInstance.start(18181);
        second = AppInstance.start(18182);
    }

    @AfterAll
    static void stopReplicas() {
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
    }

    @Test
    void twoHundredParallelDecisionsOnTwoReplicasSendExactlyThreeEmails() throws Exception {
        String customer = "replicas-" + UUID.randomUUID();
        putCustomer(first.port, customer, "{\"timezone\": \"Europe/Paris\", \"consents\": {\"email\": true}}");
        String body = """
                {"customerId": "%s", "at": "2026-11-23T10:15:00+01:00",
                 "events": [{"type": "signed_up"}, {"type": "newsletter_subscribed"}, {"type": "purchase"}]}
                """.formatted(customer);

        List<JsonPath> answers = InParallel.call(200, 32, i -> given().port(i % 2 == 0 ? first.port : second.port)
                .contentType(ContentType.JSON).body(body).post("/v1/decisions")
                .then().statusCode(200).extract().jsonPath());

        List<String> emails = new ArrayList<>();
        answers.forEach(answer -> emails.addAll(answer.getList("actions.findAll { it.channel == 'email' }.actionId")));
        assertThat(emails).hasSize(3).doesNotHaveDuplicates();
        // A decision whose Redis call ran past its timeout on this busy host (three JVMs on two cores) fails closed,
        // CAPS_UNAVAILABLE and nothing sent: the count stays exact either way, and nearly every answer saw the cap.
        List<JsonPath> without = answers.stream().filter(answer -> !answer.getList("actions.channel").contains("email")).toList();
        assertThat(without).hasSize(197).allSatisfy(answer -> assertThat(answer.getList("suppressed.reason", String.class))
                .containsAnyOf("FREQUENCY_CAP", "CAPS_UNAVAILABLE"));
        assertThat(without).filteredOn(answer -> answer.getList("suppressed.reason").contains("FREQUENCY_CAP"))
                .hasSizeGreaterThanOrEqualTo(180);
    }

    @Test
    void anOptOutOnOneReplicaHoldsOnTheOtherAtOnce() {
        String customer = "replicas-" + UUID.randomUUID();
        putCustomer(first.port, customer, "{\"timezone\": \"Europe/Paris\", \"consents\": {\"email\": true}}");
        // The second replica has decided for the customer before, so it holds them in its cache.
        given().port(second.port).contentType(ContentType.JSON)
                .body("{\"customerId\": \"" + customer + "\", \"events\": [{\"type\": \"page_viewed\"}]}")
                .post("/v1/decisions").then().statusCode(200);

        given().port(first.port).contentType(ContentType.JSON)
                .body("{\"customerId\": \"" + customer + "\", \"events\": [{\"type\": \"unsubscribed\"}]}")
                .post("/v1/decisions").then().statusCode(200);

        given().port(second.port).contentType(ContentType.JSON)
                .body("{\"customerId\": \"" + customer + "\", \"at\": \"2026-11-23T10:15:00+01:00\","
                        + " \"events\": [{\"type\": \"signed_up\"}]}")
                .post("/v1/decisions").then().statusCode(200)
                .body("actions", org.hamcrest.Matchers.empty())
                .body("suppressed[0].reason", org.hamcrest.Matchers.is("OPTED_OUT"));
    }

    @Test
    void anErasureOnOneReplicaHoldsOnTheOtherAtOnce() {
        String customer = "replicas-" + UUID.randomUUID();
        putCustomer(first.port, customer, "{\"timezone\": \"Europe/Paris\", \"consents\": {\"email\": true}}");
        given().port(second.port).get("/v1/customers/{id}", customer).then().statusCode(200);
        given().port(second.port).contentType(ContentType.JSON)
                .body("{\"customerId\": \"" + customer + "\", \"events\": [{\"type\": \"page_viewed\"}]}")
                .post("/v1/decisions").then().statusCode(200);

        given().port(first.port).delete("/v1/customers/{id}", customer).then().statusCode(204);

        given().port(second.port).get("/v1/customers/{id}", customer).then().statusCode(404);
        given().port(second.port).contentType(ContentType.JSON)
                .body("{\"customerId\": \"" + customer + "\", \"at\": \"2026-11-23T10:15:00+01:00\","
                        + " \"events\": [{\"type\": \"signed_up\"}]}")
                .post("/v1/decisions").then().statusCode(200)
                .body("actions", org.hamcrest.Matchers.empty())
                .body("suppressed[0].reason", org.hamcrest.Matchers.is("CONSENT"));
    }

    @Test
    void aReplicaStoppedRightAfterDecidingStillRecordsTheDecision() throws Exception {
        String decisionId;
        try (AppInstance third = AppInstance.start(18183)) {
            decisionId = given().port(third.port).contentType(ContentType.JSON)
                    .body("{\"customerId\": \"replicas-" + UUID.randomUUID() + "\", \"events\": [{\"type\": \"signed_up\"}]}")
                    .post("/v1/decisions").then().statusCode(200).extract().path("decisionId");
        } // close() sends SIGTERM and waits: the shutdown drains the record queue

        given().port(first.port).get("/v1/decisions/{id}", decisionId).then().statusCode(200)
                .body("request.events[0].type", org.hamcrest.Matchers.is("signed_up"));
    }

    @Test
    void aRulesetActivatedOnOneReplicaGoesLiveOnTheOtherAndSoDoesARollback() throws Exception {
        String original = given().port(first.port).get("/v1/rules").then().extract().path("version");
        String vipRule = """
                package nextbest;
                import io.nextbest.facts.*;

                rule "VIP visitors on the web see the VIP lounge"
                    agenda-group "triggers"
                when
                    Customer( segment == "vip" )
                then
                    insert(Candidate.web("vip-lounge").priority(99));
                end
                """;

        String activated = given().port(first.port).contentType(ContentType.JSON)
                .body(java.util.Map.of("files", List.of(java.util.Map.of("name", "vip.drl", "content", vipRule))))
                .post("/v1/rules/activate").then().statusCode(200).extract().path("version");

        awaitVersion(second.port, activated);
        // Compiled once: the other replica loaded the build the first one made and checked.
        String compiledBy = given().port(first.port).get("/v1/rules").then()
                .body("lastReload.loaded", is(false)).extract().path("lastReload.compiledBy");
        given().port(second.port).get("/v1/rules").then()
                .body("lastReload.loaded", is(true))
                .body("lastReload.compiledBy", is(compiledBy));
        given().port(second.port).contentType(ContentType.JSON).body("{\"version\": \"" + original + "\"}")
                .post("/v1/rules/rollback").then().statusCode(200);
        awaitVersion(first.port, original);
    }

    @Test
    void aCanaryStartedOnOneReplicaServesTheSameCustomersOnBothAndIsPromotedFromTheOther() throws Exception {
        String original = given().port(first.port).get("/v1/rules").then().extract().path("version");
        String bannerRule = """
                package nextbest;
                import io.nextbest.facts.*;

                rule "Visitors of the spring preview see the spring banner"
                    agenda-group "triggers"
                when
                    Event( type == "viewed_spring_preview", current )
                then
                    insert(Candidate.web("spring-banner").priority(40));
                end
                """;
        String canary = given().port(first.port).contentType(ContentType.JSON)
                .body(java.util.Map.of("files", List.of(java.util.Map.of("name", "spring.drl", "content", bannerRule)),
                        "percent", 50))
                .post("/v1/rules/canary").then().statusCode(200).extract().path("version");
        for (int i = 0; i < 100 && given().port(second.port).get("/v1/rules/canary").statusCode() != 200; i++) {
            Thread.sleep(100);
        }
        given().port(second.port).get("/v1/rules/canary").then().statusCode(200).body("version", is(canary));

        int inCanary = 0;
        for (int i = 0; i < 40; i++) {
            String customer = "replicas-canary-" + UUID.randomUUID();
            String body = "{\"customerId\": \"" + customer + "\", \"channel\": \"web\", \"dryRun\": true,"
                    + " \"events\": [{\"type\": \"viewed_spring_preview\"}]}";
            String onFirst = given().port(first.port).contentType(ContentType.JSON).body(body).post("/v1/decisions")
                    .then().statusCode(200).extract().path("rulesetVersion");
            given().port(second.port).contentType(ContentType.JSON).body(body).post("/v1/decisions")
                    .then().statusCode(200).body("rulesetVersion", is(onFirst));
            inCanary += canary.equals(onFirst) ? 1 : 0;
        }
        assertThat(inCanary).as("customers of 40 in a 50 %% canary").isBetween(5, 35);

        given().port(second.port).post("/v1/rules/canary/promote").then().statusCode(200).body("version", is(canary));
        awaitVersion(first.port, canary);
        given().port(first.port).get("/v1/rules/canary").then().statusCode(404);
        given().port(first.port).contentType(ContentType.JSON).body("{\"version\": \"" + original + "\"}")
                .post("/v1/rules/rollback").then().statusCode(200);
        awaitVersion(second.port, original);
    }

    @Test
    void aReplicaThatCannotReachRedisStillDecidesAndHoldsContactsBack() throws Exception {
        String customer = "replicas-" + UUID.randomUUID();
        putCustomer(first.port, customer, "{\"timezone\": \"Europe/Paris\", \"consents\": {\"email\": true}}");
        try (AppInstance withoutRedis = AppInstance.start(18184, "-Dquarkus.redis.hosts=redis://127.0.0.1:1")) {
            given().port(withoutRedis.port).get("/q/health/ready").then().statusCode(200);

            given().port(withoutRedis.port).contentType(ContentType.JSON)
                    .body("{\"customerId\": \"" + customer + "\", \"at\": \"2026-11-23T10:15:00+01:00\","
                            + " \"events\": [{\"type\": \"signed_up\"}]}")
                    .post("/v1/decisions").then().statusCode(200)
                    .body("actions", org.hamcrest.Matchers.empty())
                    .body("suppressed[0].actionId", org.hamcrest.Matchers.is("welcome-email"))
                    .body("suppressed[0].reason", org.hamcrest.Matchers.is("CAPS_UNAVAILABLE"));

            // Still ready (one Redis outage must not empty the Service), and saying it is degraded.
            given().port(withoutRedis.port).get("/q/health/ready").then().statusCode(200)
                    .body("checks.find { it.name == 'contact-store' }.status", org.hamcrest.Matchers.is("UP"))
                    .body("checks.find { it.name == 'contact-store' }.data.available", org.hamcrest.Matchers.is(false))
                    .body("checks.find { it.name == 'contact-store' }.data.degraded",
                            org.hamcrest.Matchers.containsString("held back"));
            given().port(withoutRedis.port).get("/q/health/live").then().statusCode(200);
            given().port(withoutRedis.port).get("/q/metrics").then().statusCode(200)
                    .body(org.hamcrest.Matchers.containsString("nextbest_caps_store_available 0.0"))
                    .body(org.hamcrest.Matchers.containsString(
                            "nextbest_suppressions_total{channel=\"email\",reason=\"CAPS_UNAVAILABLE\"}"))
                    .body(org.hamcrest.Matchers.containsString(
                            "nextbest_caps_store_duration_seconds_count{operation=\"ping\",result=\"failed\",store=\"redis\"}"));
        }
    }

    private static void awaitVersion(int port, String version) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (version.equals(given().port(port).get("/v1/rules").then().extract().path("version"))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Replica on port " + port + " did not switch to ruleset " + version + " within 10 s");
    }

    private static void putCustomer(int port, String id, String profile) {
        given().port(port).contentType(ContentType.JSON).body(profile).put("/v1/customers/{id}", id)
                .then().statusCode(201);
    }
}
