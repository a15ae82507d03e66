package io.nextbest.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

/** Bad input gets a 4xx problem+json that names what is wrong, never a 500. */
@QuarkusTest
class DecisionErrorsTest {

    @Test
    void aMissingCustomerIdIsNamed() {
        post("{\"channel\": \"web\"}")
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", is(400))
                .body("errors.field", hasItem("customerId"));
    }

    @Test
    void aLimitOutOfRangeIsNamed() {
        post("{\"customerId\": \"c-1\", \"limit\": 11}")
                .statusCode(400)
                .body("errors.field", hasItem("limit"));
    }

    @Test
    void aValueOfTheWrongJsonTypeIsRefusedNotGuessed() {
        post("{\"customerId\": \"c-1\", \"limit\": 2.5}").statusCode(400).body("errors.field", hasItem("limit"));
        post("{\"customerId\": \"c-1\", \"limit\": \"3\"}").statusCode(400).body("errors.field", hasItem("limit"));
        post("{\"customerId\": \"c-1\", \"dryRun\": 2}").statusCode(400).body("errors.field", hasItem("dryRun"));
        post("{\"customerId\": 42}").statusCode(400).body("errors.field", hasItem("customerId"));
    }

    @Test
    void aKeyGivenTwiceOrANulCharacterInAnAttributeIsRefused() {
        post("{\"customerId\": \"c-1\", \"customerId\": \"c-2\"}").statusCode(400)
                .contentType("application/problem+json");
        post("{\"customerId\": \"c-1\", \"events\": [{\"type\": \"viewed\", \"attributes\": {\"page\": \"a\\u0000b\"}}]}")
                .statusCode(400).contentType("application/problem+json");
    }

    @Test
    void aBadEventIsNamedWithItsIndex() {
        post("{\"customerId\": \"c-1\", \"events\": [{\"type\": \"ok\"}, {\"type\": \"\"}]}")
                .statusCode(400)
                .body("errors.field", hasItem("events[1].type"));
    }

    @Test
    void aNullEventIsNamedWithItsIndex() {
        post("{\"customerId\": \"c-1\", \"events\": [null]}")
                .statusCode(400)
                .body("errors.field", hasItem("events[0]"));
    }

    @Test
    void aWronglyTypedFieldIsNamed() {
        post("{\"customerId\": \"c-1\", \"limit\": \"three\"}")
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("limit"));
    }

    @Test
    void anUnreadableTimeIsNamed() {
        post("{\"customerId\": \"c-1\", \"at\": \"yesterday\"}")
                .statusCode(400)
                .body("errors.field", hasItem("at"));
    }

    @Test
    void aMisspeltFieldIsNamed() {
        post("{\"customerID\": \"c-1\"}")
                .statusCode(400)
                .body("errors.field", hasItem("customerID"))
                .body("detail", containsString("not a known field"));
    }

    @Test
    void nullAttributesAreNotAnError() {
        post("{\"customerId\": \"c-null\", \"context\": {\"page\": null}, "
                + "\"events\": [{\"type\": \"cart_abandoned\", \"attributes\": {\"value\": null}}]}")
                .statusCode(200);
    }

    @Test
    void malformedJsonIsA400() {
        post("{\"customerId\": ")
                .statusCode(400)
                .contentType("application/problem+json")
                .body("title", is("Malformed JSON"));
    }

    @Test
    void anEmptyBodyIsA400() {
        post("")
                .statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void anUnsupportedMediaTypeIsA415() {
        given().contentType(ContentType.TEXT).body("customerId=c-1").post("/v1/decisions")
                .then().statusCode(415)
                .contentType("application/problem+json");
    }

    @Test
    void anOversizedBodyIsA413() {
        String huge = "{\"customerId\": \"c-1\", \"context\": {\"blob\": \"" + "x".repeat(400_000) + "\"}}";
        post(huge).statusCode(413);
    }

    @Test
    void anUnknownPathIsAProblemToo() {
        given().get("/v1/nothing-here").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void anUnknownCustomerProfileIsA404() {
        given().get("/v1/customers/{id}", "nobody-" + System.nanoTime())
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", is("/problems/not-found"));
    }

    @Test
    void aProfileWithAnUnknownTimezoneIsRejected() {
        given().contentType(ContentType.JSON).body("{\"timezone\": \"Mars/Olympus\"}")
                .put("/v1/customers/{id}", "c-tz")
                .then().statusCode(400)
                .body("errors.field", hasItem("timezone"));
    }

    @Test
    void theOpenApiDocumentDescribesTheDecisionEndpoint() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/v1/decisions"));
    }

    private static ValidatableResponse post(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/v1/decisions").then();
    }
}
