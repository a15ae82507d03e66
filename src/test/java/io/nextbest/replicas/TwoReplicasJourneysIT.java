package io.nextbest.replicas;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.nextbest.facts.Customer;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cart recovery journey on two replicas sharing PostgreSQL and Redis, with both schedulers and both
 * dispatchers running: each due step is decided once, each message reaches the channel's webhook once,
 * purchases end the journey, opened emails lead to the ad, and a replica killed while deciding steps
 * leaves none undone.
 */
class TwoReplicasJourneysIT {
    private static final int RECEIVER_PORT = 18190;
    private static final int CUSTOMERS = 40;
    private static final String SUNDAY = "2027-03-07T12:00:00+01:00";
    private static final String MONDAY_10_15 = "2027-03-08T10:15:00+01:00";
    private static final String TUESDAY_14_01 = "2027-03-09T14:01:00+01:00";
    private static final String FRIDAY_14_05 = "2027-03-12T14:05:00+01:00";

    private record Received(String channel, String idempotencyKey, String body) {
    }

    private static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    private static HttpServer receiver;
    private static AppInstance first;
    private static AppInstance second;

    @BeforeAll
    static void startReceiverAndReplicas() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", RECEIVER_PORT), 0);
        receiver.createContext("/", exchange -> {
            String channel = exchange.getRequestURI().getPath().substring(1);
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            RECEIVED.add(new Received(channel, exchange.getRequestHeaders().getFirst("Idempotency-Key"), body));
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        receiver.start();
        first = replica(18185);
        second = replica(18186);
    }

    private static AppInstance replica(int port) throws IOException, InterruptedException {
        String hook = "http://127.0.0.1:" + RECEIVER_PORT + "/";
        return AppInstance.start(port,
                "-Dnextbest.delivery.webhooks.sms=" + hook + "sms",
                "-Dnextbest.delivery.webhooks.email=" + hook + "email",
                "-Dnextbest.delivery.webhooks.ads=" + hook + "ads",
                "-Dnextbest.journeys.interval=100ms",
                "-Dnextbest.delivery.interval=100ms");
    }

    @AfterAll
    static void stop() {
        for (AppInstance replica : new AppInstance[] {first, second}) {
            if (replica != null) {
                replica.close();
            }
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    void eachDueStepIsDecidedOnceAndEachMessageDeliveredOnceAcrossReplicas() throws Exception {
        bothClocksAt(SUNDAY);
        awaitNothingDueBefore(SUNDAY);
        bothClocksAt(MONDAY_10_15);

        List<String> customers = new ArrayList<>();
        for (int i = 0; i < CUSTOMERS; i++) {
            AppInstance replica = i % 2 == 0 ? first : second;
            String customer = outsideControlGroup();
            given().port(replica.port).contentType(ContentType.JSON)
                    .body(Map.of("timezone", "Europe/Paris", "consents", Map.of("sms", true, "email", true, "ads", true)))
                    .put("/v1/customers/{id}", customer).then().statusCode(201);
            given().port(replica.port).contentType(ContentType.JSON)
                    .body(Map.of("customerId", customer, "at", MONDAY_10_15, "events", List.of(
                            Map.of("type", "products_compared", "occurredAt", "2027-03-08T10:05:00+01:00"),
                            Map.of("type", "cart_abandoned", "attributes", Map.of("value", 150)))))
                    .post("/v1/decisions").then().statusCode(200);
            customers.add(customer);
        }

        // Both schedulers look for the 40 email steps at once.
        bothClocksAt(TUESDAY_14_01);
        for (String customer : customers) {
            awaitStep(customer, "ad");
        }
        awaitDeliveries(customers, "email", CUSTOMERS);
        awaitDeliveries(customers, "sms", CUSTOMERS);
        Thread.sleep(1_000); // a late duplicate would arrive here
        assertOnceEach(customers, "sms");
        assertOnceEach(customers, "email");

        // Ten customers open the email, five others buy.
        List<String> openers = customers.subList(0, 10);
        List<String> buyers = customers.subList(10, 15);
        for (String customer : openers) {
            String emailStep = given().port(first.port).get("/v1/customers/{id}/journeys", customer).then()
                    .extract().path("[0].lastDecisionId");
            given().port(second.port).contentType(ContentType.JSON)
                    .body(Map.of("type", "opened", "actionId", "cart-recovery-email", "at", "2027-03-09T18:00:00+01:00"))
                    .post("/v1/decisions/{id}/outcomes", emailStep).then().statusCode(201);
        }
        for (String customer : buyers) {
            given().port(first.port).contentType(ContentType.JSON)
                    .body(Map.of("events", List.of(Map.of("id", customer + "-purchase", "customerId", customer,
                            "type", "purchase", "occurredAt", "2027-03-10T12:00:00+01:00"))))
                    .post("/v1/events").then().statusCode(200);
        }

        // The ad steps fall due while one replica is killed mid-run: the other one decides every step left.
        bothClocksAt(FRIDAY_14_05);
        Thread.sleep(150);
        first.kill();
        for (String customer : customers) {
            awaitStatus(customer, buyers.contains(customer) ? "EXITED" : "COMPLETED");
        }
        awaitDeliveries(openers, "ads", openers.size());
        Thread.sleep(1_000);
        // Delivery is at least once: a post the killed replica made without recording it is sent again,
        // under the same idempotency key. One ad per opener, nothing for anyone else.
        List<Received> ads = receivedFor(customers, "ads");
        assertThat(ads).extracting(Received::idempotencyKey).doesNotContainNull();
        assertThat(ads.stream().map(Received::idempotencyKey).distinct()).hasSize(openers.size());
        for (String customer : openers) {
            assertThat(receivedFor(List.of(customer), "ads")).isNotEmpty()
                    .extracting(Received::idempotencyKey).containsOnly(receivedFor(List.of(customer), "ads").get(0).idempotencyKey());
        }
        assertOnceEach(customers, "email");
    }

    private static String outsideControlGroup() {
        while (true) {
            String id = "journey-replicas-" + UUID.randomUUID();
            if (Customer.bucketOf(id, "cart-recovery") >= 10) {
                return id;
            }
        }
    }

    private static void bothClocksAt(String now) {
        for (AppInstance replica : new AppInstance[] {first, second}) {
            if (replica.isAlive()) {
                given().port(replica.port).contentType(ContentType.JSON).body(Map.of("now", now)).put("/v1/clock")
                        .then().statusCode(200);
            }
        }
    }

    private static void awaitNothingDueBefore(String moment) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            List<?> due = given().port(second.port).queryParam("dueBefore", moment).get("/v1/journeys")
                    .then().statusCode(200).extract().path("$");
            if (due.isEmpty()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Journey steps due before " + moment + " were never decided");
    }

    private static void awaitStep(String customer, String step) throws InterruptedException {
        awaitJourney(customer, "step", step);
    }

    private static void awaitStatus(String customer, String status) throws InterruptedException {
        awaitJourney(customer, "status", status);
    }

    private static void awaitJourney(String customer, String field, String value) throws InterruptedException {
        String actual = null;
        for (int i = 0; i < 300; i++) {
            actual = given().port(second.port).get("/v1/customers/{id}/journeys", customer).then().statusCode(200)
                    .extract().path("[0]." + field);
            if (value.equals(actual)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("The journey of " + customer + " has " + field + " " + actual + ", not " + value);
    }

    private static List<Received> receivedFor(List<String> customers, String channel) {
        return RECEIVED.stream().filter(received -> received.channel().equals(channel))
                .filter(received -> customers.stream().anyMatch(c -> received.body().contains("\"customerId\":\"" + c + "\"")))
                .toList();
    }

    private static void awaitDeliveries(List<String> customers, String channel, int count) throws InterruptedException {
        for (int i = 0; i < 300 && receivedFor(customers, channel).size() < count; i++) {
            Thread.sleep(100);
        }
    }

    private static void assertOnceEach(List<String> customers, String channel) {
        List<Received> received = receivedFor(customers, channel);
        assertThat(received).extracting(Received::idempotencyKey).hasSize(CUSTOMERS).doesNotHaveDuplicates();
        for (String customer : customers) {
            assertThat(received).filteredOn(r -> r.body().contains("\"customerId\":\"" + customer + "\"")).hasSize(1);
        }
    }
}
