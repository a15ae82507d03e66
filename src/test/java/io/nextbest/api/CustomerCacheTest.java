package io.nextbest.api;

import static io.nextbest.api.Api.MONDAY_10_15_PARIS;
import static io.nextbest.api.Api.decide;
import static io.nextbest.api.Api.givenCustomer;
import static io.nextbest.api.Api.newCustomerId;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

import io.agroal.api.AgroalDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * A replica keeps the customers it decided for and reads them again only when their state stamp in
 * Redis changed: what any replica stores is seen by the next decision on every replica.
 */
@QuarkusTest
class CustomerCacheTest {
    private static final String FUTURE_MONDAY_10_15_PARIS = "2030-03-04T10:15:00+01:00";

    @Inject
    AgroalDataSource database;

    @Inject
    RedisDataSource redis;

    @Test
    void aReturningCustomerIsDecidedFromTheCacheEvenAfterTheirOwnEventsWereStored() {
        String customer = givenCustomer(newCustomerId()).consentingTo("email").exists();
        decide(customer).at(MONDAY_10_15_PARIS).event("page_viewed", "page", "pricing").then().statusCode(200);
        double hits = cacheCount("hit");
        double misses = cacheCount("miss");

        decide(customer).at(MONDAY_10_15_PARIS).event("page_viewed", "page", "pricing").then().statusCode(200);

        assertThat(cacheCount("hit")).isEqualTo(hits + 1);
        assertThat(cacheCount("miss")).isEqualTo(misses);
    }

    @Test
    void journeysADecisionStartedOrEndedAreSeenByTheNextDecisionFromTheCache() {
        String customer = givenCustomer(newCustomerId()).consentingTo("sms", "email").exists();
        // Years ahead of the scheduler's clock: a journey step already due would be decided between these
        // decisions (every 300 ms in tests), change the customer and send the next decision to the database.
        decide(customer).at(FUTURE_MONDAY_10_15_PARIS).eventMinutesBefore("products_compared", 10).event("cart_abandoned", "value", 70)
                .then().statusCode(200).body("journeys.journey", contains("cart-recovery"))
                .body("journeys.change", contains("ENROLLED"));
        double hits = cacheCount("hit");
        double misses = cacheCount("miss");

        // From the cached copy: the purchase ends the journey it holds and starts the win-back watch.
        decide(customer).at("2030-03-04T10:20:00+01:00").event("purchase", "value", 70)
                .then().statusCode(200).body("journeys.journey", containsInAnyOrder("cart-recovery", "win-back"))
                .body("journeys.change", containsInAnyOrder("EXITED", "ENROLLED"));
        // Still from the cache, which took both changes on: nothing left to end, nothing to start again.
        decide(customer).at("2030-03-04T10:25:00+01:00").event("purchase", "value", 30)
                .then().statusCode(200).body("journeys", empty());

        assertThat(cacheCount("hit")).isEqualTo(hits + 2);
        assertThat(cacheCount("miss")).isEqualTo(misses);
        given().get("/v1/customers/{id}/journeys", customer).then().statusCode(200)
                .body("findAll { it.status == 'ACTIVE' }.journey", contains("win-back"))
                .body("findAll { it.status == 'EXITED' }.journey", contains("cart-recovery"));
    }

    @Test
    void eventsIngestedAfterACustomerWasCachedAreHistoryForTheirNextDecision() {
        String customer = givenCustomer(newCustomerId()).consentingTo("email").exists();
        decide(customer).at(MONDAY_10_15_PARIS).event("page_viewed", "page", "pricing")
                .then().statusCode(200).body("actions", empty());

        given().contentType(ContentType.JSON).body("""
                {"events": [{"id": "%1$s-1", "customerId": "%1$s", "type": "page_viewed",
                             "occurredAt": "2026-11-20T10:00:00+01:00", "attributes": {"page": "pricing"}}]}
                """.formatted(customer)).post("/v1/events").then().statusCode(200).body("accepted", is(1));

        // Third pricing view: the sequence rule needs the ingested one from history.
        decide(customer).at(MONDAY_10_15_PARIS).event("page_viewed", "page", "pricing")
                .then().statusCode(200).body("actions.actionId", contains("pricing-help-email"));
    }

    @Test
    void anOptOutAnotherReplicaStoredIsSeenByTheNextDecisionHere() throws SQLException {
        String customer = givenCustomer(newCustomerId()).consentingTo("email").exists();
        decide(customer).at(MONDAY_10_15_PARIS).event("page_viewed").then().statusCode(200);

        // What another replica does for an opt-out: write the database, then give the customer a new stamp.
        try (Connection connection = database.getConnection();
             PreparedStatement optOut = connection.prepareStatement("update customer_profile set global_opt_out = true where id = ?")) {
            optOut.setString(1, customer);
            assertThat(optOut.executeUpdate()).isEqualTo(1);
        }
        redis.execute("SET", "nb:{" + customer + "}:stamp", "changed-elsewhere");

        decide(customer).at(MONDAY_10_15_PARIS).event("signed_up")
                .then().statusCode(200)
                .body("actions", empty())
                .body("suppressed[0].reason", is("OPTED_OUT"));
    }

    private static double cacheCount(String result) {
        String prefix = "nextbest_customer_cache_total{result=\"" + result + "\"}";
        return given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(0);
    }
}
