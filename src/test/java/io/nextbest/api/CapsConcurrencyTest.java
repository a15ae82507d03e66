package io.nextbest.api;

import static io.nextbest.api.Api.givenCustomer;
import static io.nextbest.api.Api.newCustomerId;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.nextbest.support.InParallel;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Caps hold exactly under concurrency: no decision can slip a contact past a full cap. */
@QuarkusTest
class CapsConcurrencyTest {
    private static final int DECISIONS = 200;

    @Inject
    RedisDataSource redis;

    @Test
    void twoHundredParallelDecisionsSendExactlyThreeEmailsAgainstACapOfThree() throws Exception {
        // Every decision offers several different emails (welcome, newsletter, onboarding): only the
        // "3 emails in 7 days" cap can stop them.
        String customer = givenCustomer(newCustomerId()).consentingTo("email").exists();
        List<JsonPath> answers = decideInParallel(customer, DECISIONS);

        List<String> emailsSent = new ArrayList<>();
        for (JsonPath answer : answers) {
            emailsSent.addAll(answer.getList("actions.findAll { it.channel == 'email' }.actionId", String.class));
        }
        assertThat(emailsSent).hasSize(3).doesNotHaveDuplicates();
        assertThat(redis.execute("ZCARD", "nb:{" + customer + "}:contacts").toInteger()).isEqualTo(3);
        // The others still get the internal audience update, and say why no email went out.
        List<JsonPath> withoutEmail = answers.stream()
                .filter(answer -> !answer.getList("actions.channel", String.class).contains("email")).toList();
        assertThat(withoutEmail).hasSize(DECISIONS - 3).allSatisfy(answer ->
                assertThat(answer.getList("suppressed.reason", String.class)).contains("FREQUENCY_CAP"));
    }

    static List<JsonPath> decideInParallel(String customer, int count) throws Exception {
        String body = """
                {"customerId": "%s", "at": "2026-11-23T10:15:00+01:00",
                 "events": [{"type": "signed_up"}, {"type": "newsletter_subscribed"}, {"type": "purchase"}]}
                """.formatted(customer);
        return InParallel.call(count, 32, i -> given().contentType(ContentType.JSON).body(body).post("/v1/decisions")
                .then().statusCode(200).extract().jsonPath());
    }
}
