package io.nextbest.api;

import static io.restassured.RestAssured.given;

import io.nextbest.facts.Customer;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Calls the HTTP API the way a website or a CRM would, so tests read like what users do. */
final class Api {
    /** A Monday morning in Paris: business hours. */
    static final String MONDAY_10_15_PARIS = "2026-11-23T10:15:00+01:00";
    /** The same Monday, late at night in Paris. */
    static final String MONDAY_23_30_PARIS = "2026-11-23T23:30:00+01:00";

    private Api() {
    }

    /** The experiments the sample rules hold one customer in ten out of (retention offers, cart recovery). */
    static final String RETENTION_HOLDOUT = "retention-offer";
    static final String CART_RECOVERY_HOLDOUT = "cart-recovery";

    /**
     * A fresh customer id outside the sample rules' control groups, so a test about something else is
     * never silenced by a holdout; the control groups have tests of their own.
     */
    static String newCustomerId() {
        while (true) {
            String id = "c-" + UUID.randomUUID();
            if (Customer.bucketOf(id, RETENTION_HOLDOUT) >= 10 && Customer.bucketOf(id, CART_RECOVERY_HOLDOUT) >= 10) {
                return id;
            }
        }
    }

    /** A fresh customer id in the cart recovery control group (and not the retention one). */
    static String newCartRecoveryControlGroupCustomerId() {
        while (true) {
            String id = "c-" + UUID.randomUUID();
            if (Customer.bucketOf(id, CART_RECOVERY_HOLDOUT) < 10 && Customer.bucketOf(id, RETENTION_HOLDOUT) >= 10) {
                return id;
            }
        }
    }

    /** A fresh customer id inside the retention control group (and not the cart recovery one). */
    static String newControlGroupCustomerId() {
        while (true) {
            String id = "c-" + UUID.randomUUID();
            if (Customer.bucketOf(id, RETENTION_HOLDOUT) < 10 && Customer.bucketOf(id, CART_RECOVERY_HOLDOUT) >= 10) {
                return id;
            }
        }
    }

    /**
     * Waits (up to 5 s) until the decision's record has been written by the background writer, and
     * returns the look-up of it.
     */
    static ValidatableResponse awaitRecorded(String decisionId) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            ValidatableResponse response = given().get("/v1/decisions/{id}", decisionId).then();
            if (response.extract().statusCode() == 200) {
                return response;
            }
            Thread.sleep(100);
        }
        return given().get("/v1/decisions/{id}", decisionId).then();
    }

    /**
     * The customer's path with every byte of the id percent-encoded except the unreserved characters, so any
     * id is one path segment; send it with {@code urlEncodingEnabled(false)}.
     */
    static String customerPath(String id) {
        StringBuilder path = new StringBuilder("/v1/customers/");
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0) {
                path.append(c);
            } else {
                path.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
            }
        }
        return path.toString();
    }

    /** Moves the service's clock (the test profile's is adjustable; a 404 elsewhere): the scheduler lives at {@code now}. */
    static void moveClockTo(String now) {
        given().contentType(ContentType.JSON).body(Map.of("now", now)).put("/v1/clock").then().statusCode(200);
    }

    static CustomerBuilder givenCustomer(String id) {
        return new CustomerBuilder(id);
    }

    static DecisionBuilder decide(String customerId) {
        return new DecisionBuilder(customerId);
    }

    static final class CustomerBuilder {
        private final String id;
        private final Map<String, Object> body = new LinkedHashMap<>();
        private final Map<String, Boolean> consents = new LinkedHashMap<>();
        private final Map<String, Double> scores = new LinkedHashMap<>();

        private CustomerBuilder(String id) {
            this.id = id;
            body.put("timezone", "Europe/Paris");
        }

        CustomerBuilder consentingTo(String... channels) {
            for (String channel : channels) {
                consents.put(channel, true);
            }
            return this;
        }

        CustomerBuilder segment(String segment) {
            body.put("segment", segment);
            return this;
        }

        CustomerBuilder timezone(String timezone) {
            body.put("timezone", timezone);
            return this;
        }

        CustomerBuilder score(String name, double value) {
            scores.put(name, value);
            return this;
        }

        CustomerBuilder lifetimeValue(double value) {
            body.put("lifetimeValue", value);
            return this;
        }

        CustomerBuilder optedOutOfEverything() {
            body.put("globalOptOut", true);
            return this;
        }

        String exists() {
            body.put("consents", consents);
            body.put("scores", scores);
            given().contentType(ContentType.JSON).body(body).put("/v1/customers/{id}", id)
                    .then().statusCode(201);
            return id;
        }
    }

    static final class DecisionBuilder {
        private final Map<String, Object> body = new LinkedHashMap<>();
        private final List<Map<String, Object>> events = new ArrayList<>();
        private String apiKey;

        private DecisionBuilder(String customerId) {
            body.put("customerId", customerId);
            body.put("channel", "web");
        }

        DecisionBuilder at(String at) {
            body.put("at", at);
            return this;
        }

        DecisionBuilder channel(String channel) {
            body.put("channel", channel);
            return this;
        }

        DecisionBuilder limit(int limit) {
            body.put("limit", limit);
            return this;
        }

        /** Asks with this API key rather than the tests' admin key. */
        DecisionBuilder withKey(String key) {
            apiKey = key;
            return this;
        }

        DecisionBuilder dryRun() {
            body.put("dryRun", true);
            return this;
        }

        DecisionBuilder context(String key, Object value) {
            @SuppressWarnings("unchecked")
            Map<String, Object> context = (Map<String, Object>) body.computeIfAbsent("context", k -> new LinkedHashMap<>());
            context.put(key, value);
            return this;
        }

        /** An event happening at the decision's moment. */
        DecisionBuilder event(String type, Object... attributes) {
            return eventAt(type, null, attributes);
        }

        /** An event that happened {@code minutesEarlier} minutes before the decision's {@code at}. */
        DecisionBuilder eventMinutesBefore(String type, long minutesEarlier, Object... attributes) {
            OffsetDateTime at = OffsetDateTime.parse((String) body.get("at"));
            return eventAt(type, at.minusMinutes(minutesEarlier).toString(), attributes);
        }

        DecisionBuilder eventWithId(String id, String type) {
            events.add(new LinkedHashMap<>(Map.of("id", id, "type", type)));
            return this;
        }

        private DecisionBuilder eventAt(String type, String occurredAt, Object... attributes) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("type", type);
            if (occurredAt != null) {
                event.put("occurredAt", occurredAt);
            }
            Map<String, Object> attributeMap = new LinkedHashMap<>();
            for (int i = 0; i + 1 < attributes.length; i += 2) {
                attributeMap.put((String) attributes[i], attributes[i + 1]);
            }
            event.put("attributes", attributeMap);
            events.add(event);
            return this;
        }

        ValidatableResponse then() {
            body.put("events", events);
            RequestSpecification request = given().contentType(ContentType.JSON).body(body);
            if (apiKey != null) {
                request.header("X-API-Key", apiKey);
            }
            return request.post("/v1/decisions").then().log().ifValidationFails();
        }
    }
}
