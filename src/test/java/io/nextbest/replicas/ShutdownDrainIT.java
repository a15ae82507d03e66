package io.nextbest.replicas;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.nextbest.support.RulesFolderCopy;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A replica gets SIGTERM while it is deciding under load, as on every rollout: each request is either
 * answered — and then its events, its decision record and its one contact are stored — or refused without
 * any effect. Nothing an answer promised is lost, nothing is written twice.
 */
class ShutdownDrainIT {
    private static final String AT = "2026-11-23T10:15:00+01:00";
    private static final int CUSTOMERS = 400;

    @Test
    void sigtermUnderLoadAnswersOrRefusesEachRequestAndLosesNothingAnAnswerPromised() throws Exception {
        Path rules = RulesFolderCopy.temporaryCopyWithTrigger("nextbest-drain-rules", "A drain probe proposes an email",
                "drain_probe", "Candidate.email(\"drain-probe\").priority(50)");
        String run = "drain-" + UUID.randomUUID();
        Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
        AppInstance app = AppInstance.start(18189, "-Dnextbest.rules.dir=" + rules.toAbsolutePath());
        try {
            given().port(app.port).post("/v1/rules/reload").then().statusCode(200);
            ConcurrentLinkedQueue<String> customers = new ConcurrentLinkedQueue<>();
            for (int i = 0; i < CUSTOMERS; i++) {
                String customer = run + "-" + i;
                given().port(app.port).contentType(ContentType.JSON)
                        .body("{\"timezone\": \"Europe/Paris\", \"consents\": {\"email\": true}}")
                        .put("/v1/customers/{id}", customer).then().statusCode(201);
                customers.add(customer);
            }

            ExecutorService load = Executors.newFixedThreadPool(8);
            for (int i = 0; i < 8; i++) {
                load.submit(() -> {
                    String customer;
                    while ((customer = customers.poll()) != null) {
                        outcomes.put(customer, decide(app.port, customer));
                    }
                });
            }
            // Some decisions answered, many still to come: then the rollout's SIGTERM.
            while (outcomes.size() < CUSTOMERS / 4) {
                Thread.sleep(20);
            }
            app.close(); // SIGTERM, and waits for the process to end
            load.shutdown();
            assertThat(load.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            app.close();
        }

        Map<String, Integer> byKind = new java.util.TreeMap<>();
        outcomes.values().forEach(outcome -> byKind.merge(outcome.kind(), 1, Integer::sum));
        // Refused: 503 while draining, nobody listening, or a connection closed before the request was read
        // (the client may send it again: event ids make that safe). Never anything else.
        assertThat(byKind.keySet()).as("every request answered or refused: %s", byKind)
                .isSubsetOf(Set.of("200", "503", "refused", "closed unanswered"));
        assertThat(byKind.get("200")).as("%s", byKind).isGreaterThanOrEqualTo(CUSTOMERS / 4);

        Set<String> answered = new HashSet<>();
        Set<String> answeredDecisions = new HashSet<>();
        outcomes.forEach((customer, outcome) -> {
            if (outcome.decisionId() != null) {
                answered.add(customer);
                answeredDecisions.add(outcome.decisionId());
            }
        });
        // Exactly the answered decisions' events and records are stored (each once: ids are keys).
        assertThat(query("select customer_id from customer_event where customer_id like ?", run + "-%"))
                .as("events; the requests not answered: %s", unanswered(outcomes)).containsExactlyInAnyOrderElementsOf(answered);
        assertThat(new HashSet<>(query("select id from decision_record where customer_id like ?", run + "-%")))
                .as("decision records, flushed before the process ended").isEqualTo(answeredDecisions);
        // One contact counted for each answered email, none for a refused request.
        for (String customer : outcomes.keySet()) {
            assertThat(contactsCounted(customer)).as("contacts of " + customer + " (" + outcomes.get(customer).kind() + ")")
                    .isEqualTo(answered.contains(customer) ? 1 : 0);
        }
        System.out.printf("SIGTERM under load: %s%n", byKind);
    }

    private record Outcome(String kind, String decisionId) {
    }

    private static Map<String, String> unanswered(Map<String, Outcome> outcomes) {
        Map<String, String> kinds = new java.util.TreeMap<>();
        outcomes.forEach((customer, outcome) -> {
            if (outcome.decisionId() == null) {
                kinds.put(customer, outcome.kind());
            }
        });
        return kinds;
    }

    private static Outcome decide(int port, String customer) {
        try {
            Response response = given().port(port).contentType(ContentType.JSON)
                    .body("{\"customerId\": \"" + customer + "\", \"at\": \"" + AT + "\","
                            + " \"events\": [{\"id\": \"" + customer + "-probe\", \"type\": \"drain_probe\"}]}")
                    .post("/v1/decisions");
            if (response.statusCode() == 200) {
                assertThat(response.jsonPath().getList("actions.actionId", String.class)).containsExactly("drain-probe");
                return new Outcome("200", response.jsonPath().getString("decisionId"));
            }
            return new Outcome(String.valueOf(response.statusCode()), null);
        } catch (Exception failed) {
            Throwable cause = rootCause(failed);
            String kind = cause instanceof ConnectException ? "refused"
                    : cause instanceof org.apache.http.NoHttpResponseException || cause instanceof java.net.SocketException
                    ? "closed unanswered" : failed.toString();
            return new Outcome(kind, null);
        }
    }

    private static Throwable rootCause(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static List<String> query(String sql, String parameter) throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:5432/" + System.getenv().getOrDefault("PGDATABASE", "test");
        try (Connection connection = DriverManager.getConnection(url, System.getenv().getOrDefault("PGUSER", "postgres"), "");
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            List<String> values = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            return values;
        }
    }

    /** ZCARD of the customer's contacts, in Redis' own protocol (no client library in this test). */
    private static long contactsCounted(String customer) throws IOException {
        String key = "nb:{" + customer + "}:contacts";
        String command = "*2\r\n$5\r\nZCARD\r\n$" + key.getBytes(StandardCharsets.UTF_8).length + "\r\n" + key + "\r\n";
        try (Socket redis = new Socket(InetAddress.getLoopbackAddress(), 6379)) {
            OutputStream out = redis.getOutputStream();
            out.write(command.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = redis.getInputStream();
            StringBuilder reply = new StringBuilder();
            for (int b = in.read(); b != '\n' && b >= 0; b = in.read()) {
                reply.append((char) b);
            }
            assertThat(reply.charAt(0)).as("Redis answered " + reply).isEqualTo(':');
            return Long.parseLong(reply.substring(1).trim());
        }
    }
}
