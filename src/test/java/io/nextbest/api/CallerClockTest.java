package io.nextbest.api;

import static io.nextbest.api.Api.decide;
import static io.nextbest.api.Api.givenCustomer;
import static io.nextbest.api.Api.newCustomerId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A caller's clock cannot buy contacts: whatever {@code at} a real decision names, its contacts are stamped and
 * counted on the service's clock, and no request can age contacts out. (The test profile accepts any
 * {@code at}, as the embedded demo does; production refuses one more than two minutes off, see TwoReplicasCapsIT.)
 */
@QuarkusTest
class CallerClockTest {
    private static final OffsetDateTime MONDAY_10_15_PARIS = OffsetDateTime.parse("2026-11-23T10:15:00+01:00");

    @Inject
    RedisDataSource redis;
    @Inject
    Clock clock;

    @Test
    void movingAtBackWeekByWeekSendsOneSmsAgainstACapOfOneSmsADay() {
        String customer = givenCustomer(newCustomerId()).timezone("Europe/Paris").consentingTo("email", "sms").exists();

        List<String> smsSent = new ArrayList<>();
        for (int weeksBack = 0; weeksBack < 5; weeksBack++) {
            JsonPath answer = abandonCart(customer, MONDAY_10_15_PARIS.minusWeeks(weeksBack));
            smsSent.addAll(answer.getList("actions.findAll { it.channel == 'sms' }.actionId", String.class));
        }

        assertThat(smsSent).containsExactly("cart-discount-sms");
        assertThat(redis.execute("ZRANGE", "nb:{" + customer + "}:contacts", "0", "-1").toString()).containsOnlyOnce("\u001fsms\u001f");
    }

    @Test
    void aDecisionAtAFarFutureMomentAgesNoContactOut() {
        String customer = givenCustomer(newCustomerId()).timezone("Europe/Paris").consentingTo("email", "sms").exists();
        assertThat(abandonCart(customer, MONDAY_10_15_PARIS).getList("actions.actionId", String.class))
                .contains("cart-discount-sms");

        // A year and a century later: a reservation then would have trimmed everything older than its retention.
        abandonCart(customer, MONDAY_10_15_PARIS.plusYears(1));
        abandonCart(customer, MONDAY_10_15_PARIS.plusYears(73));

        decide(customer).at(MONDAY_10_15_PARIS.plusDays(7).toString())
                .eventMinutesBefore("products_compared", 20).event("cart_abandoned", "value", 120)
                .then().statusCode(200)
                .body("actions.findAll { it.channel == 'sms' }", empty())
                .body("suppressed.findAll { it.channel == 'sms' }.reason", hasItem(is("FREQUENCY_CAP")));
    }

    @Test
    void contactsAreStampedOnTheServicesClockWhateverAtSays() {
        String customer = givenCustomer(newCustomerId()).timezone("Europe/Paris").consentingTo("email", "sms").exists();
        Instant before = clock.instant();

        abandonCart(customer, MONDAY_10_15_PARIS.minusYears(3));

        double stampedAt = firstScore(customer);
        assertThat(Instant.ofEpochMilli((long) stampedAt))
                .isBetween(before.minusSeconds(1), clock.instant().plus(Duration.ofSeconds(1)));
    }

    @Test
    void aDryRunInThePastSeesTheCapsAsTheyStoodThen() {
        String customer = givenCustomer(newCustomerId()).timezone("Europe/Paris").consentingTo("email", "sms").exists();
        abandonCart(customer, MONDAY_10_15_PARIS);

        // Long before the SMS was sent (by the service's clock): nothing counted yet.
        decide(customer).at(MONDAY_10_15_PARIS.minusWeeks(104).toString()).dryRun()
                .eventMinutesBefore("products_compared", 20).event("cart_abandoned", "value", 120)
                .then().statusCode(200)
                .body("actions.actionId", hasItem("cart-discount-sms"));
    }

    private double firstScore(String customer) {
        assertThat(redis.execute("ZCARD", "nb:{" + customer + "}:contacts").toInteger()).isPositive();
        var range = redis.execute("ZRANGE", "nb:{" + customer + "}:contacts", "0", "0", "WITHSCORES");
        // RESP3 answers [[member, score]]; RESP2 [member, score].
        return range.get(0).size() == 2 ? range.get(0).get(1).toDouble() : range.get(1).toDouble();
    }

    private static JsonPath abandonCart(String customer, OffsetDateTime at) {
        return decide(customer).at(at.toString())
                .eventMinutesBefore("products_compared", 20).event("cart_abandoned", "value", 120)
                .then().statusCode(200).extract().jsonPath();
    }
}
