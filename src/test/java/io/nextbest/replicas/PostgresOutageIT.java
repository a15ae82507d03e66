package io.nextbest.replicas;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import io.nextbest.support.FaultyLink;
import io.nextbest.support.RulesFolderCopy;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL goes away under a replica (a link that closes every connection, then one that hangs): the
 * replica keeps deciding for the customers it has cached, from their cached state and the request's events;
 * it holds those events and the decision records and writes them when the database answers again. What it
 * cannot do without the database (an unknown customer, event ingest) answers 503 with Retry-After. Stopped
 * while the database is still away, it writes what it holds to its log, ready to be sent again.
 */
class PostgresOutageIT {
    private static final String AT = "2026-11-23T10:15:00+01:00";
    private static final String PROBE_RULE = "A database outage probe shows a web banner";

    @Test
    void whileTheDatabaseIsAwayCachedCustomersAreDecidedAndTheirEventsAndRecordsAreWrittenWhenItIsBack() throws Exception {
        Path rules = RulesFolderCopy.temporaryCopyWithTrigger("nextbest-pg-outage-rules", PROBE_RULE, "db_outage_probe",
                "Candidate.web(\"outage-banner\").priority(50)");
        String cached = "pg-outage-" + UUID.randomUUID();
        String uncached = "pg-outage-" + UUID.randomUUID();
        String run = UUID.randomUUID().toString();
        try (FaultyLink postgres = FaultyLink.to(5432);
             AppInstance app = AppInstance.start(18188,
                     "-Dquarkus.datasource.jdbc.url=jdbc:postgresql://127.0.0.1:" + postgres.port() + "/"
                             + System.getenv().getOrDefault("PGDATABASE", "test") + "?connectTimeout=2&socketTimeout=3",
                     "-Dquarkus.datasource.jdbc.acquisition-timeout=2s",
                     "-Dnextbest.rules.dir=" + rules.toAbsolutePath(),
                     "-Dnextbest.database.shutdown-wait=2s")) {
            // This replica's folder, not a release other tests left in the shared database.
            given().port(app.port).post("/v1/rules/reload").then().statusCode(200);
            createCustomer(app.port, cached);
            createCustomer(app.port, uncached);
            decide(app.port, cached, null).statusCode(200); // now cached on this replica
            for (int i = 0; i < 5; i++) {
                decide(app.port, cached, run + "-warm-up-" + i).statusCode(200); // the code paths warmed up
            }

            postgres.goDown();
            // The first decision finds out (at most the 2 s commit wait); the next ones do not wait for it.
            String first = decidedWhileDown(app, cached, run + "-1", 3_000);
            String second = decidedWhileDown(app, cached, run + "-2", 1_000);
            // An unsubscribe needs the database (the profile's consents): refused before anything is reserved.
            // Its event is held all the same, and the writer withdraws the consent once it has stored it.
            String unsubscribe = given().port(app.port).contentType(ContentType.JSON)
                    .body("{\"customerId\": \"" + cached + "\", \"at\": \"" + AT + "\", \"events\": [{\"id\": \"" + run
                            + "-unsubscribe\", \"type\": \"unsubscribed\", \"attributes\": {\"channel\": \"email\"}}]}")
                    .post("/v1/decisions").then().statusCode(503)
                    .body("type", containsString("database-unavailable"))
                    .body("detail", containsString("consent withdrawal"))
                    .extract().asString();
            String unknownCustomer = decide(app.port, uncached, null).statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", "5")
                    .body("type", containsString("database-unavailable"))
                    .extract().asString();
            String ingest = given().port(app.port).contentType(ContentType.JSON)
                    .body("{\"events\": [{\"id\": \"" + run + "-ingest\", \"customerId\": \"" + cached + "\", \"type\": \"page_viewed\"}]}")
                    .post("/v1/events").then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", "5")
                    .extract().asString();
            // What the driver said (the link's host and port, PSQLException, ConnectException) is in the log only.
            for (String problem : List.of(unsubscribe, unknownCustomer, ingest)) {
                assertThat(problem.replace(cached, "").replace(uncached, "")).doesNotContain("127.0.0.1", "localhost", String.valueOf(postgres.port()), "5432",
                        "jdbc:", "Exception", "PSQL", "Connection to", "hostname");
            }
            given().port(app.port).get("/q/health/ready").then().statusCode(200)
                    .body("checks.find { it.name == 'database' }.data.available", is(false));
            String metrics = given().port(app.port).get("/q/metrics").then().extract().asString();
            assertThat(metrics).contains("nextbest_database_available 0.0").contains("nextbest_events_unstored 3.0");

            postgres.restore();
            awaitRecord(app.port, first);
            awaitRecord(app.port, second);
            awaitStored(run, warmUps(run), run + "-1", run + "-2", run + "-unsubscribe");
            given().port(app.port).get("/v1/customers/{id}", cached).then().statusCode(200).body("consents.email", is(false));
            decide(app.port, uncached, null).statusCode(200);
            decide(app.port, cached, null).statusCode(200); // cached again: the withdrawal changed the profile
            metrics = given().port(app.port).get("/q/metrics").then().extract().asString();
            assertThat(metrics).contains("nextbest_database_available 1.0").contains("nextbest_events_unstored 0.0");

            // Hung rather than down: a decision waits for its commit at most nextbest.events.commit-wait (250 ms).
            postgres.goSilent();
            long started = System.nanoTime();
            String hung = decide(app.port, cached, run + "-3").statusCode(200).extract().path("decisionId");
            assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(3_500);
            postgres.restore();
            awaitRecord(app.port, hung);
            awaitStored(run, warmUps(run), run + "-1", run + "-2", run + "-unsubscribe", run + "-3");

            // Stopped (SIGTERM) while the database is down: what it holds stays in the Redis backlog, and another
            // replica writes it once the database is back.
            postgres.goDown();
            String lastDecision = decidedWhileDown(app, cached, run + "-4", 3_000);
            app.close();
            String log = Files.readString(app.log);
            assertThat(log).contains("The events of 1 decisions left in the Redis backlog")
                    .contains("decision records left in the Redis backlog")
                    .doesNotContain("Events not stored").doesNotContain("Decision record not stored");
            assertThat(storedEventIds(run)).doesNotContain(run + "-4");
            postgres.restore();
            try (AppInstance other = AppInstance.start(18192)) {
                awaitRecord(other.port, lastDecision);
                awaitStored(run, warmUps(run), run + "-1", run + "-2", run + "-unsubscribe", run + "-3", run + "-4");
            }
        }
    }

    @Test
    void aReplicaKilledWhileTheDatabaseIsAwayLosesNoAnsweredDecision() throws Exception {
        Path rules = RulesFolderCopy.temporaryCopyWithTrigger("nextbest-pg-kill-rules", PROBE_RULE, "db_outage_probe",
                "Candidate.web(\"outage-banner\").priority(50)");
        String run = UUID.randomUUID().toString();
        List<String> customers = java.util.stream.IntStream.range(0, 40).mapToObj(i -> "pg-kill-" + run + "-" + i).toList();
        List<String> answered = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        List<String> answeredEvents = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        int refused;
        try (FaultyLink postgres = FaultyLink.to(5432)) {
            AppInstance app = AppInstance.start(18193,
                    "-Dquarkus.datasource.jdbc.url=jdbc:postgresql://127.0.0.1:" + postgres.port() + "/"
                            + System.getenv().getOrDefault("PGDATABASE", "test") + "?connectTimeout=2&socketTimeout=3",
                    "-Dquarkus.datasource.jdbc.acquisition-timeout=2s",
                    "-Dnextbest.rules.dir=" + rules.toAbsolutePath());
            try {
                given().port(app.port).post("/v1/rules/reload").then().statusCode(200);
                for (String customer : customers) {
                    createCustomer(app.port, customer);
                    decide(app.port, customer, null).statusCode(200); // cached on this replica
                }
                postgres.goDown();
                // Deciding for 8 s from 8 clients while the database is away, then the replica dies mid-load.
                java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(8);
                java.util.concurrent.atomic.AtomicInteger refusals = new java.util.concurrent.atomic.AtomicInteger();
                long until = System.nanoTime() + 8_000_000_000L;
                java.util.concurrent.atomic.AtomicInteger sequence = new java.util.concurrent.atomic.AtomicInteger();
                for (int c = 0; c < 8; c++) {
                    clients.submit(() -> {
                        while (System.nanoTime() < until) {
                            String customer = customers.get(sequence.get() % customers.size());
                            String eventId = run + "-e-" + sequence.incrementAndGet();
                            try {
                                var answer = decide(app.port, customer, eventId).extract();
                                if (answer.statusCode() == 200) {
                                    answered.add(answer.path("decisionId"));
                                    answeredEvents.add(eventId);
                                } else {
                                    refusals.incrementAndGet();
                                }
                            } catch (RuntimeException connectionLost) {
                                refusals.incrementAndGet(); // the replica died under this request: not answered
                            }
                        }
                    });
                }
                Thread.sleep(6_000);
                app.kill();
                clients.shutdown();
                clients.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
                refused = refusals.get();
            } finally {
                app.kill();
            }
        }
        assertThat(answered).as("decisions answered while the database was away").hasSizeGreaterThan(50);

        // The database is back (no link in the way); a surviving replica writes what the dead one left in Redis.
        try (AppInstance survivor = AppInstance.start(18194)) {
            List<String> missingRecords = answered;
            List<String> missingEvents = answeredEvents;
            for (int i = 0; i < 120 && (!missingRecords.isEmpty() || !missingEvents.isEmpty()); i++) {
                Thread.sleep(250);
                missingRecords = notIn(answered, "select id from decision_record where customer_id like 'pg-kill-" + run + "-%'", "id");
                missingEvents = notIn(answeredEvents, "select id from customer_event where id like '" + run + "-e-%'", "id");
            }
            System.out.printf("Killed while the database was away: %d decisions answered, %d refused; missing records %d, "
                    + "missing events %d%n", answered.size(), refused, missingRecords.size(), missingEvents.size());
            assertThat(missingRecords).as("answered decisions without a record (of %d answered, %d refused)",
                    answered.size(), refused).isEmpty();
            assertThat(missingEvents).as("answered decisions' events not stored").isEmpty();
        }
    }

    private static List<String> notIn(List<String> expected, String query, String column) throws Exception {
        java.util.Set<String> found = new java.util.HashSet<>();
        String url = "jdbc:postgresql://127.0.0.1:5432/" + System.getenv().getOrDefault("PGDATABASE", "test");
        try (Connection connection = DriverManager.getConnection(url, System.getenv().getOrDefault("PGUSER", "postgres"), "");
             PreparedStatement statement = connection.prepareStatement(query);
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                found.add(rows.getString(column));
            }
        }
        synchronized (expected) {
            return expected.stream().filter(id -> !found.contains(id)).toList();
        }
    }

    /** Decided while the database is down, from the cached customer and the request's event. */
    private static String decidedWhileDown(AppInstance app, String customer, String eventId, long withinMillis) {
        long started = System.nanoTime();
        JsonPath decision = decide(app.port, customer, eventId).statusCode(200).extract().jsonPath();
        assertThat((System.nanoTime() - started) / 1_000_000).as("took, ms (in the service: %s us)", decision.getLong("tookMicros"))
                .isLessThan(withinMillis);
        assertThat(decision.getList("firedRules", String.class)).as(decision.prettify()).contains(PROBE_RULE);
        return decision.getString("decisionId");
    }

    private static ValidatableResponse decide(int port, String customer, String eventId) {
        String events = eventId == null ? "[]" : "[{\"id\": \"" + eventId + "\", \"type\": \"db_outage_probe\"}]";
        return given().port(port).contentType(ContentType.JSON)
                .body("{\"customerId\": \"" + customer + "\", \"at\": \"" + AT + "\", \"events\": " + events + "}")
                .post("/v1/decisions").then();
    }

    private static void awaitRecord(int port, String decisionId) throws InterruptedException {
        int status = 0;
        for (int i = 0; i < 80 && status != 200; i++) {
            Thread.sleep(250);
            status = given().port(port).get("/v1/decisions/{id}", decisionId).then().extract().statusCode();
        }
        assertThat(status).as("the record of " + decisionId + " is stored once the database is back").isEqualTo(200);
    }

    /** The held events are written by the writer's next try: within its pause (0.25 s, doubling to 10 s). */
    private static void awaitStored(String run, List<String> before, String... ids) throws Exception {
        List<String> expected = new java.util.ArrayList<>(before);
        expected.addAll(List.of(ids));
        List<String> stored = storedEventIds(run);
        for (int i = 0; i < 80 && stored.size() < expected.size(); i++) {
            Thread.sleep(250);
            stored = storedEventIds(run);
        }
        assertThat(stored).containsExactlyInAnyOrderElementsOf(expected);
    }

    private static List<String> warmUps(String run) {
        return java.util.stream.IntStream.range(0, 5).mapToObj(i -> run + "-warm-up-" + i).toList();
    }

    private static void createCustomer(int port, String id) {
        given().port(port).contentType(ContentType.JSON)
                .body("{\"timezone\": \"Europe/Paris\", \"consents\": {\"email\": true}}")
                .put("/v1/customers/{id}", id).then().statusCode(201);
    }

    /** Straight from PostgreSQL, not through the replica. */
    private static List<String> storedEventIds(String run) throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:5432/" + System.getenv().getOrDefault("PGDATABASE", "test");
        try (Connection connection = DriverManager.getConnection(url, System.getenv().getOrDefault("PGUSER", "postgres"), "");
             PreparedStatement query = connection.prepareStatement("select id from customer_event where id like ? order by id")) {
            query.setString(1, run + "%");
            try (ResultSet ids = query.executeQuery()) {
                List<String> found = new java.util.ArrayList<>();
                while (ids.next()) {
                    found.add(ids.getString(1));
                }
                return found;
            }
        }
    }
}
