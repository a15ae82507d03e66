package io.nextbest.api;

import static io.nextbest.api.Api.decide;
import static io.nextbest.api.Api.givenCustomer;
import static io.nextbest.api.Api.newCustomerId;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;

import io.nextbest.support.WebhookReceiver;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Actions on a channel with a webhook are delivered by the service: at least once, with retries. */
@QuarkusTest
class DeliveryTest {
    /** Afternoon (no quiet hours), in the past, so the push is due at once. */
    private static final String AT = "2026-11-16T15:00:00+01:00";

    @AfterEach
    void receiverWorksAgain() {
        WebhookReceiver.FAIL_NEXT.set(0);
    }

    @Test
    void aPushIsDeliveredToItsWebhookWithAnIdempotencyKey() throws Exception {
        String customer = givenCustomer(newCustomerId()).consentingTo("push").exists();
        String decisionId = decide(customer).at(AT).event("app_installed").then().statusCode(200)
                .extract().path("decisionId");

        WebhookReceiver.Received received = awaitReceived(decisionId + ":app-tips-push");

        assertThat(received.channel()).isEqualTo("push");
        assertThat(received.body()).contains("\"customerId\":\"" + customer + "\"", "\"actionId\":\"app-tips-push\"");
        given().queryParam("status", "DELIVERED").get("/v1/deliveries").then().statusCode(200)
                .body("id", hasItem(decisionId + ":app-tips-push"));
    }

    @Test
    void aFailingReceiverIsRetriedUntilItAccepts() throws Exception {
        WebhookReceiver.FAIL_NEXT.set(2);
        String customer = givenCustomer(newCustomerId()).consentingTo("push").exists();
        String decisionId = decide(customer).at(AT).event("app_installed").then().statusCode(200)
                .extract().path("decisionId");

        awaitReceived(decisionId + ":app-tips-push");
        assertThat(WebhookReceiver.FAIL_NEXT.get()).isZero();
    }

    @Test
    void aDeliveryThatKeepsFailingIsVisibleAndCanBeRetried() throws Exception {
        WebhookReceiver.FAIL_NEXT.set(1_000);
        String customer = givenCustomer(newCustomerId()).consentingTo("push").exists();
        String decisionId = decide(customer).at(AT).event("app_installed").then().statusCode(200)
                .extract().path("decisionId");
        String id = decisionId + ":app-tips-push";

        awaitStatus(id, "FAILED");
        WebhookReceiver.FAIL_NEXT.set(0);
        given().post("/v1/deliveries/{id}/retry", id).then().statusCode(204);

        awaitReceived(id);
        given().post("/v1/deliveries/{id}/retry", "no-such-delivery").then().statusCode(404);
    }

    private static WebhookReceiver.Received awaitReceived(String key) throws InterruptedException {
        for (int i = 0; i < 150; i++) {
            Optional<WebhookReceiver.Received> found = WebhookReceiver.RECEIVED.stream()
                    .filter(received -> key.equals(received.idempotencyKey())).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("The webhook never received " + key);
    }

    private static void awaitStatus(String id, String status) throws InterruptedException {
        for (int i = 0; i < 150; i++) {
            List<String> ids = given().queryParam("status", status).get("/v1/deliveries").then().extract().path("id");
            if (ids.contains(id)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Delivery " + id + " never became " + status);
    }
}
