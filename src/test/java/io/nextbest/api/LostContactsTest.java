package io.nextbest.api;

import static io.nextbest.api.Api.MONDAY_10_15_PARIS;
import static io.nextbest.api.Api.awaitRecorded;
import static io.nextbest.api.Api.decide;
import static io.nextbest.api.Api.givenCustomer;
import static io.nextbest.api.Api.newCustomerId;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Redis is the index of the contacts the decision records say were made: a customer whose keys Redis lost (a
 * restart without its data deletes them all, as these tests do) has their contacts rebuilt from the records
 * before anything is reserved for them, so a cap they had filled stays filled.
 */
@QuarkusTest
class LostContactsTest {
    @Inject
    RedisDataSource redis;

    @Test
    void aCustomerWhoseContactsRedisLostGetsNoSecondSmsAgainstACapOfOneADay() throws Exception {
        String customer = givenCustomer(newCustomerId()).timezone("Europe/Paris").consentingTo("email", "sms").exists();
        JsonPath first = abandonCart(customer);
        assertThat(first.getList("actions.actionId", String.class)).contains("cart-discount-sms");
        List<String> sent = members(customer);
        awaitRecorded(first.getString("decisionId")).statusCode(200);

        loseEverythingOf(customer);

        decide(customer).at(MONDAY_10_15_PARIS).eventMinutesBefore("products_compared", 20).event("cart_abandoned", "value", 120)
                .then().statusCode(200)
                .body("actions.findAll { it.channel == 'sms' }", empty())
                .body("suppressed.findAll { it.channel == 'sms' }.reason", hasItem(is("FREQUENCY_CAP")));
        // The contacts are back under the ids they were reserved with, nothing added twice. (The cart-recovery
        // journey's email step may have gone out meanwhile: its due time is long past on the service's clock.)
        List<String> after = members(customer);
        assertThat(after).containsAll(sent);
        assertThat(after).filteredOn(member -> member.contains("\u001fsms\u001f")).hasSize(1);
    }

    @Test
    void rebuiltCustomersAreCountedByOutcome() {
        double before = rebuilt("empty");
        String customer = givenCustomer(newCustomerId()).consentingTo("email").exists();

        decide(customer).at(MONDAY_10_15_PARIS).event("signed_up").then().statusCode(200)
                .body("actions[0].actionId", is("welcome-email"));

        assertThat(rebuilt("empty")).as("a new customer, indexed once from no records").isEqualTo(before + 1);
    }

    private static JsonPath abandonCart(String customer) {
        return decide(customer).at(MONDAY_10_15_PARIS)
                .eventMinutesBefore("products_compared", 20).event("cart_abandoned", "value", 120)
                .then().statusCode(200).extract().jsonPath();
    }

    private List<String> members(String customer) {
        List<String> members = new java.util.ArrayList<>();
        redis.execute("ZRANGE", contacts(customer), "0", "-1").forEach(member -> members.add(member.toString()));
        return members;
    }

    /** What a Redis restarted without its data no longer has. */
    private void loseEverythingOf(String customer) {
        redis.execute("DEL", contacts(customer), "nb:{" + customer + "}:indexed", "nb:{" + customer + "}:stamp");
    }

    private static String contacts(String customer) {
        return "nb:{" + customer + "}:contacts";
    }

    private static double rebuilt(String outcome) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher line = Pattern.compile("nextbest_contacts_rebuilt_total\\{outcome=\"" + outcome + "\"} (\\S+)").matcher(metrics);
        return line.find() ? Double.parseDouble(line.group(1)) : 0;
    }
}
