package io.nextbest.replicas;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.nextbest.support.FaultyLink;
import io.nextbest.support.RulesFolderCopy;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Redis hangs (a link that goes silent: connections open, nothing answered) under a replica whose rules
 * let email fail open and hold every other contact back. Decisions keep answering, quickly once the
 * circuit breaker has opened; caps come back by themselves when Redis answers again.
 */
class RedisOutageIT {
    private static final String AT = "2026-11-23T10:15:00+01:00";

    @Test
    void whileRedisHangsDecisionsAnswerFastHoldBackFailClosedChannelsSendFailOpenOnesAndCapsComeBack() throws Exception {
        Path rules = rulesWhereEmailFailsOpen();
        try (FaultyLink redis = FaultyLink.to(6379);
             AppInstance app = AppInstance.start(18186,
                     "-Dquarkus.redis.hosts=redis://127.0.0.1:" + redis.port(),
                     "-Dnextbest.rules.dir=" + rules.toAbsolutePath(),
                     "-Dnextbest.caps.breaker.delay=2s",
                     "-Dnextbest.caps.monitor-interval=1s")) {
            // This replica's folder, not a release other tests left in the shared database.
            given().port(app.port).post("/v1/rules/reload").then().statusCode(200);
            JsonPath before = decide(app.port, newCustomer(app.port));
            assertThat(before.getList("actions.actionId", String.class)).as(before.prettify())
                    .containsExactlyInAnyOrder("probe-push", "probe-email");
            assertThat(before.getList("actions.failedOpen", Boolean.class)).containsOnlyNulls();

            redis.goSilent();
            List<Long> tookMillis = new ArrayList<>();
            JsonPath during = null;
            for (int i = 0; i < 6; i++) {
                String customer = newCustomer(app.port);
                long started = System.nanoTime();
                during = decide(app.port, customer);
                tookMillis.add((System.nanoTime() - started) / 1_000_000);
            }
            // Each call waits at most quarkus.redis.timeout (1 s) until the breaker opens; then none waits.
            assertThat(tookMillis).allSatisfy(took -> assertThat(took).isLessThan(4_000));
            assertThat(tookMillis.subList(3, 6)).allSatisfy(took -> assertThat(took).isLessThan(500));
            assertThat(during.getList("actions.actionId", String.class)).as(during.prettify()).containsExactly("probe-email");
            assertThat(during.getList("actions.failedOpen", Boolean.class)).containsExactly(true);
            assertThat(during.getString("suppressed.find { it.actionId == 'probe-push' }.reason")).isEqualTo("CAPS_UNAVAILABLE");
            given().port(app.port).get("/q/health/ready").then().statusCode(200);

            redis.restore();
            JsonPath after = null;
            for (int i = 0; i < 40 && (after == null || !after.getList("actions.actionId").contains("probe-push")); i++) {
                Thread.sleep(250);
                after = decide(app.port, newCustomer(app.port));
            }
            assertThat(after.getList("actions.actionId", String.class))
                    .as("caps are checked again once Redis answers: " + after.prettify()).containsExactlyInAnyOrder("probe-push", "probe-email");
            assertThat(after.getList("actions.failedOpen", Boolean.class)).containsOnlyNulls();
            given().port(app.port).get("/q/metrics").then()
                    .body(org.hamcrest.Matchers.containsString("nextbest_caps_store_available 1.0"));
        }
    }

    private static JsonPath decide(int port, String customer) {
        return given().port(port).contentType(ContentType.JSON)
                .body("{\"customerId\": \"" + customer + "\", \"at\": \"" + AT + "\", \"limit\": 2,"
                        + " \"events\": [{\"type\": \"outage_probe\"}]}")
                .post("/v1/decisions").then().statusCode(200).extract().jsonPath();
    }

    private static String newCustomer(int port) {
        String id = "outage-" + UUID.randomUUID();
        given().port(port).contentType(ContentType.JSON)
                .body("{\"timezone\": \"Europe/Paris\", \"consents\": {\"email\": true, \"push\": true}}")
                .put("/v1/customers/{id}", id).then().statusCode(201);
        return id;
    }

    /** The sample rules, with email exempt from the outage rule, and a trigger proposing a push and an email. */
    private static Path rulesWhereEmailFailsOpen() throws Exception {
        Path copy = RulesFolderCopy.temporaryCopy("nextbest-outage-rules");
        Path eligibility = copy.resolve("eligibility.drl");
        String policy = Files.readString(eligibility);
        String heldBack = "    ContactCaps( unavailable )\n    $candidate : Candidate( contact )";
        assertThat(policy).contains(heldBack);
        Files.writeString(eligibility, policy.replace(heldBack,
                "    ContactCaps( unavailable )\n    $candidate : Candidate( contact, channel != \"email\" )"));
        Files.writeString(copy.resolve("outage-probe.drl"), """
                package nextbest;
                import io.nextbest.facts.*;

                rule "An outage probe proposes a push and an email"
                    agenda-group "triggers"
                when
                    Event( type == "outage_probe", current )
                then
                    insert(Candidate.push("probe-push").priority(50));
                    insert(Candidate.email("probe-email").priority(40));
                end
                """);
        return copy;
    }
}
