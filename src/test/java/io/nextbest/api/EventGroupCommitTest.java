package io.nextbest.api;

import static io.nextbest.api.Api.MONDAY_10_15_PARIS;
import static io.nextbest.api.Api.givenCustomer;
import static io.nextbest.api.Api.newCustomerId;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import io.agroal.api.AgroalDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Concurrent decisions share commits of their events, and every one of them is stored before its answer. */
@QuarkusTest
class EventGroupCommitTest {
    @Inject
    AgroalDataSource database;

    @Inject
    RedisDataSource redis;

    @Test
    void everyEventOfConcurrentDecisionsIsStoredWhenTheyAnswer() throws Exception {
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            customers.add(newCustomerId());
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<Integer>> answers = new ArrayList<>();
        try {
            for (String customer : customers) {
                Callable<Integer> decision = () -> given().contentType(ContentType.JSON).body(decisionWithEvent(customer))
                        .post("/v1/decisions").then().extract().statusCode();
                answers.add(pool.submit(decision));
            }
            for (Future<Integer> answer : answers) {
                assertThat(answer.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdown();
        }

        // Once answered, every decision's event is stored: ingesting the same ids finds each one there.
        String sameEvents = customers.stream()
                .map(customer -> "{\"id\": \"%1$s-viewed\", \"customerId\": \"%1$s\", \"type\": \"page_viewed\"}".formatted(customer))
                .collect(java.util.stream.Collectors.joining(", ", "{\"events\": [", "]}"));
        given().contentType(ContentType.JSON).body(sameEvents).post("/v1/events").then().statusCode(200)
                .body("accepted", is(0)).body("duplicate", is(40));
        assertThat(given().get("/q/metrics").then().extract().asString())
                .contains("nextbest_events_decisions_per_commit_count");
    }

    private static String decisionWithEvent(String customer) {
        return """
                {"customerId": "%1$s", "at": "%2$s", "events": [{"id": "%1$s-viewed", "type": "page_viewed", "attributes": {"page": "pricing"}}]}
                """.formatted(customer, MONDAY_10_15_PARIS);
    }

    @Test
    void anEventIdSentByTwoDecisionsIsStoredOnce() {
        String customer = newCustomerId();
        String body = """
                {"customerId": "%s", "at": "%s", "events": [{"id": "%s-once", "type": "page_viewed"}]}
                """.formatted(customer, MONDAY_10_15_PARIS, customer);
        given().contentType(ContentType.JSON).body(body).post("/v1/decisions").then().statusCode(200);
        given().contentType(ContentType.JSON).body(body).post("/v1/decisions").then().statusCode(200);

        given().contentType(ContentType.JSON).body("""
                {"events": [{"id": "%1$s-once", "customerId": "%1$s", "type": "page_viewed"}]}
                """.formatted(customer)).post("/v1/events").then().statusCode(200).body("duplicate", is(1));
    }

    @Test
    void concurrentDecisionsOfCustomersSendingTheSameEventIdsEachStoreTheirsAndTheirRulesSeeThem() throws Exception {
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            customers.add(givenCustomer(newCustomerId()).consentingTo("email").exists());
        }
        // Sent together, so they share commits: one insert holding the same id for every customer.
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            for (String view : List.of("2026-11-18T10:00:00+01:00", "2026-11-20T10:00:00+01:00")) {
                List<Future<Integer>> answers = new ArrayList<>();
                for (String customer : customers) {
                    String body = """
                            {"customerId": "%s", "at": "%s", "events": [{"id": "pricing-view-%s", "type": "page_viewed",
                             "occurredAt": "%s", "attributes": {"page": "pricing"}}]}
                            """.formatted(customer, MONDAY_10_15_PARIS, view.substring(8, 10), view);
                    answers.add(pool.submit(() -> given().contentType(ContentType.JSON).body(body).post("/v1/decisions")
                            .then().extract().statusCode()));
                }
                for (Future<Integer> answer : answers) {
                    assertThat(answer.get()).isEqualTo(200);
                }
            }
        } finally {
            pool.shutdown();
        }

        // Both views are each customer's history (in the cached copy too): with today's, three pricing views.
        for (String customer : customers) {
            given().contentType(ContentType.JSON).body("""
                            {"customerId": "%s", "at": "%s", "events": [{"type": "page_viewed", "attributes": {"page": "pricing"}}]}
                            """.formatted(customer, MONDAY_10_15_PARIS))
                    .post("/v1/decisions").then().statusCode(200)
                    .body("actions.actionId", contains("pricing-help-email"));
        }
    }

    @Test
    void aDecisionWhoseEventsTheDatabaseRefusesReservesNothingAndFailsNoOtherDecision() throws Exception {
        String customer = givenCustomer(newCustomerId()).consentingTo("email").exists();
        // The rules run while the events are committed: a welcome email is chosen before the commit fails.
        String body = """
                {"customerId": "%s", "at": "%s", "events": [{"id": "%s-signed-up", "type": "signed_up"}]}
                """.formatted(customer, MONDAY_10_15_PARIS, customer);
        List<String> others = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            others.add(newCustomerId());
        }
        refuseEventsOf(customer);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            // Sent together, so they share commits with the refused one: only it fails.
            Future<io.restassured.response.Response> refused = pool.submit(() ->
                    given().contentType(ContentType.JSON).body(body).post("/v1/decisions"));
            List<Future<Integer>> answers = new ArrayList<>();
            for (String other : others) {
                answers.add(pool.submit(() -> given().contentType(ContentType.JSON).body(decisionWithEvent(other))
                        .post("/v1/decisions").then().extract().statusCode()));
            }
            refused.get().then().statusCode(422)
                    .contentType("application/problem+json")
                    .body("type", is("/problems/events-rejected"))
                    .body("detail", org.hamcrest.Matchers.containsString("refused the request's events"))
                    // What the database said is logged, not shown.
                    .body("detail", org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("refused by the test")));
            for (Future<Integer> answer : answers) {
                assertThat(answer.get()).isEqualTo(200);
            }
            assertThat(redis.execute("ZCARD", "nb:{" + customer + "}:contacts").toInteger()).isZero();
        } finally {
            pool.shutdown();
            acceptEventsAgain();
        }

        given().contentType(ContentType.JSON).body(body).post("/v1/decisions").then().statusCode(200)
                .body("actions.channel", hasItem("email"));
        assertThat(redis.execute("ZCARD", "nb:{" + customer + "}:contacts").toInteger()).isEqualTo(1);
    }

    /** The database itself refuses the customer's events, as a constraint or a bad byte would. */
    private void refuseEventsOf(String customer) throws SQLException {
        execute("""
                create or replace function refuse_test_events() returns trigger language plpgsql as $$
                begin
                  if new.customer_id = '%s' then raise exception 'refused by the test'; end if;
                  return new;
                end $$""".formatted(customer),
                "create trigger refuse_test_events before insert on customer_event for each row execute function refuse_test_events()");
    }

    private void acceptEventsAgain() throws SQLException {
        execute("drop trigger if exists refuse_test_events on customer_event", "drop function if exists refuse_test_events()");
    }

    private void execute(String... statements) throws SQLException {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
