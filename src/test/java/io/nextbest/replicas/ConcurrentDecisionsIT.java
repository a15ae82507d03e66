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
    private static String viaLink;

    @BeforeAll
    static void startReplicas() throws Exception {
        database = FaultyLink.to(5432);
        viaLink = "-Dquarkus.datasource.jdbc.url=jdbc:postgresql://127.0.0.1:" + database.port() + "/"
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

    /**
     * The database answers 200 ms a chunk: every caller has its answer by the deadline, a 503 when the decision
     * could not be made in time; and a refused decision keeps nothing it reserved, so the customer's retry gets
     * what a customer never decided for gets.
     */
    @Test
    void onASlowDatabaseEveryDecisionIsAnsweredByItsDeadlineAndARefusedOneKeepsNoContact() throws Exception {
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            customers.add("hurried-" + i + "-" + UUID.randomUUID());
            createEmailCustomer(customers.get(i));
        }
        String untouched = "untouched-" + UUID.randomUUID();
        createEmailCustomer(untouched);
        List<int[]> answers;
        try (AppInstance hurried = AppInstance.start(18195, viaLink, "-Dnextbest.decisions.deadline=1s")) {
            // A replica's first requests load classes for seconds: what is tried here is a warm replica's slow database.
            for (int i = 0; i < 5; i++) {
                given().port(hurried.port).contentType(ContentType.JSON)
                        .body(welcomeDecision("warm-up-" + UUID.randomUUID(), i % 2 == 0)).post("/v1/decisions");
            }
            database.slowDown(Duration.ofMillis(200));
            try {
                answers = InParallel.call(customers.size(), customers.size(), i -> {
                    long started = System.nanoTime();
                    int status = given().port(hurried.port).contentType(ContentType.JSON)
                            .body(welcomeDecision(customers.get(i), false)).post("/v1/decisions")
                            .then().extract().statusCode();
                    return new int[] {status, (int) ((System.nanoTime() - started) / 1_000_000)};
                });
            } finally {
                database.restore();
            }
        }

        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer[0]).as("status").isIn(200, 503);
            assertThat(answer[1]).as("ms until answered, with a 1 s deadline").isLessThan(3_000);
        });
        List<String> refused = new ArrayList<>();
        for (int i = 0; i < customers.size(); i++) {
            if (answers.get(i)[0] == 503) {
                refused.add(customers.get(i));
            }
        }
        assertThat(refused).as("decisions the slow database kept past the deadline").isNotEmpty();
        List<String> fresh = emailsOf(welcomeDecision(untouched, true));
        assertThat(fresh).isNotEmpty();
        for (String customer : refused) {
            // A decision abandoned mid-way gives back what it reserved when it stops: soon after the link is restored.
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            List<String> emails = emailsOf(welcomeDecision(customer, true));
            while (!emails.equals(fresh) && System.nanoTime() < until) {
                Thread.sleep(200);
                emails = emailsOf(welcomeDecision(customer, true));
            }
            assertThat(emails).as("a refused customer's emails, decided again").isEqualTo(fresh);
        }
    }

    private static void createEmailCustomer(String customer) {
        given().port(first.port).contentType(ContentType.JSON)
                .body("{\"timezone\": \"UTC\", \"quietHours\": \"00:00-00:00\", \"consents\": {\"email\": true}}")
                .put("/v1/customers/{id}", customer).then().statusCode(201);
    }

    /** The same events, with the same ids, each time: a retry stores them once. */
    private static String welcomeDecision(String customer, boolean dryRun) {
        return """
                {"customerId": "%1$s", "dryRun": %2$s,
                 "events": [{"id": "%1$s-signed-up", "type": "signed_up"}, {"id": "%1$s-subscribed", "type": "newsletter_subscribed"}]}
                """.formatted(customer, dryRun);
    }

    private static List<String> emailsOf(String decision) {
        return given().port(first.port).contentType(ContentType.JSON).body(decision).post("/v1/decisions")
                .then().statusCode(200).extract().jsonPath().getList("actions.findAll { it.channel == 'email' }.actionId");
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
