package io.nextbest.replicas;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import io.nextbest.support.FaultyLink;
import io.nextbest.support.InParallel;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two replicas with production's rules for the caller's clock, their database behind a link that slows every
 * packet: decisions for one customer that overlap finish in any order, and the caps still count every contact.
 */
class ConcurrentDecisionsIT {
    private static FaultyLink database;
    private static AppInstance first;
    private static AppInstance second;

    @BeforeAll
    static void startReplicas() throws Exception {
        database = FaultyLink.to(5432);
        String viaLink = "-Dquarkus.datasource.jdbc.url=jdbc:postgresql://127.0.0.1:" + database.port() + "/"
                + System.getenv().getOrDefault("PGDATABASE", "test") + "?connectTimeout=3&socketTimeout=30";
        // The test profile accepts any "at"; production's two minutes are what is tried here.
        first = AppInstance.start(18190, viaLink, "-Dnextbest.decisions.at-max-skew=PT2M");
        second = AppInstance.start(18191, viaLink, "-Dnextbest.decisions.at-max-skew=PT2M");
    }

    @AfterAll
    static void stopReplicas() {
        for (AutoCloseable closeable : new AutoCloseable[] {first, second, database}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception ignored) {
                // stopping anyway
            }
        }
    }

    @Test
    void fiftyOverlappingDecisionsForOneCustomerOnTwoReplicasOfASlowDatabaseSendExactlyTheCap() throws Exception {
        String customer = "overlap-" + UUID.randomUUID();
        given().port(first.port).contentType(ContentType.JSON)
                .body("{\"timezone\": \"UTC\", \"quietHours\": \"00:00-00:00\", \"consents\": {\"email\": true}}")
                .put("/v1/customers/{id}", customer).then().statusCode(201);
        // No quiet hours, so the test answers the same at any hour. Each decision stores its events first (slowly), so one that started later often reserves first.
        database.slowDown(Duration.ofMillis(15));
        List<JsonPath> answers;
        try {
            answers = decideAtOnce(customer, 50);
        } finally {
            database.restore();
        }

        List<String> emails = new ArrayList<>();
        answers.forEach(answer -> emails.addAll(answer.getList("actions.findAll { it.channel == 'email' }.actionId")));
        // "At most 3 emails in 7 days", and "the same message at most once in 30 days".
        assertThat(emails).hasSize(3).doesNotHaveDuplicates();
    }

    @Test
    void aDecisionWhoseAtIsFarFromTheServicesClockIsRefusedAndStoresNothing() {
        String customer = "skewed-" + UUID.randomUUID();
        String yesterday = OffsetDateTime.now(ZoneOffset.UTC).minusDays(1).toString();

        given().port(first.port).contentType(ContentType.JSON)
                .body("{\"customerId\": \"" + customer + "\", \"at\": \"" + yesterday + "\","
                        + " \"events\": [{\"type\": \"signed_up\"}]}")
                .post("/v1/decisions").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("at"))
                .body("errors[0].message", containsString("2 minute(s) of the service's clock"));

        // Erasure finds nothing of them: no event, no contact.
        given().port(second.port).delete("/v1/customers/{id}", customer).then().statusCode(404);
    }

    @Test
    void aDecisionWithinTheToleranceAndADryRunAtAnyTimeAreAnswered() {
        String customer = "skewed-" + UUID.randomUUID();
        String aMinuteAgo = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1).toString();
        given().port(first.port).contentType(ContentType.JSON)
                .body("{\"customerId\": \"" + customer + "\", \"at\": \"" + aMinuteAgo + "\", \"events\": [{\"type\": \"page_viewed\"}]}")
                .post("/v1/decisions").then().statusCode(200);
        given().port(second.port).contentType(ContentType.JSON)
                .body("{\"customerId\": \"" + customer + "\", \"at\": \"2019-03-04T10:00:00Z\", \"dryRun\": true,"
                        + " \"events\": [{\"type\": \"page_viewed\"}]}")
                .post("/v1/decisions").then().statusCode(200)
                .body("decidedAt", is("2019-03-04T10:00:00Z"));
    }

    private static List<JsonPath> decideAtOnce(String customer, int count) throws Exception {
        String body = """
                {"customerId": "%s",
                 "events": [{"type": "signed_up"}, {"type": "newsletter_subscribed"}, {"type": "purchase"}]}
                """.formatted(customer);
        return InParallel.call(count, count, i -> given().port(i % 2 == 0 ? first.port : second.port)
                .contentType(ContentType.JSON).body(body).post("/v1/decisions")
                .then().statusCode(200).extract().jsonPath());
    }
}
