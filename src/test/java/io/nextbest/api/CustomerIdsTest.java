package io.nextbest.api;

import static io.nextbest.api.Api.MONDAY_10_15_PARIS;
import static io.nextbest.api.Api.awaitRecorded;
import static io.nextbest.api.Api.customerPath;
import static io.nextbest.api.Api.decide;
import static io.nextbest.api.Api.newCustomerId;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every customer id the API stores can be read and erased at /v1/customers/{id} (the right to be forgotten
 * reaches it); the ids a URL path cannot carry are refused wherever an id is taken, before anything is stored.
 */
@QuarkusTest
class CustomerIdsTest {
    private static final Map<String, Object> PROFILE = Map.of("timezone", "Europe/Paris", "consents", Map.of("email", true));

    @Inject
    AgroalDataSource database;

    /** One id of each kind of character the API takes, with the edge shapes of each. */
    static List<String> acceptedIds() {
        return List.of("a.b", "...", ".a", "a.", "a..", "user.name", "first.last+tag@example.com", "crm:123",
                "0f8fad5b-d9cb-469f-a165-70867728950e", "with space", " leading space", "trailing space ",
                "a/b", "../a", "a/..", "/", "%", "%2F", "?x=1", "#top", "a\\b", "a;b", "a&b=c", "~", "'\"`", "<b>",
                "\u00e9l\u00e8ve", "\u65e5\u672c", "\ud83d\ude00", "\u202eright-to-left", "tab\there", "line\nbreak",
                "\u0001control", "x".repeat(128), "\u20ac".repeat(128), "\ud83d\ude00".repeat(64));
    }

    @ParameterizedTest
    @MethodSource("acceptedIds")
    void everyIdTheApiStoresCanBeReadAndErased(String id) throws InterruptedException {
        String path = customerPath(id);
        given().urlEncodingEnabled(false).delete(path);  // whatever an earlier run may have left
        given().urlEncodingEnabled(false).contentType(ContentType.JSON).body(PROFILE).put(path)
                .then().statusCode(201).body("id", is(id));
        String first = decisionId(decide(id).at(MONDAY_10_15_PARIS)
                .eventMinutesBefore("page_viewed", 60, "page", "pricing")
                .eventMinutesBefore("page_viewed", 30, "page", "pricing").then());
        // The two views are stored under the id: with a third, the pricing help email.
        String second = decisionId(decide(id).at(MONDAY_10_15_PARIS).event("page_viewed", "page", "pricing").then()
                .body("actions.actionId", contains("pricing-help-email")));
        given().urlEncodingEnabled(false).get(path).then().statusCode(200).body("id", is(id));
        awaitRecorded(first).statusCode(200);
        awaitRecorded(second).statusCode(200);

        given().urlEncodingEnabled(false).delete(path).then().statusCode(204);

        given().urlEncodingEnabled(false).get(path).then().statusCode(404);
        // Nothing is left to erase: no profile, no event, no decision record.
        given().urlEncodingEnabled(false).delete(path).then().statusCode(404);
        // Back as a new customer, with no history: one view is not three.
        given().urlEncodingEnabled(false).contentType(ContentType.JSON).body(PROFILE).put(path).then().statusCode(201);
        decide(id).at(MONDAY_10_15_PARIS).event("page_viewed", "page", "pricing").then().statusCode(200)
                .body("actions.actionId", not(hasItem("pricing-help-email")));
        given().urlEncodingEnabled(false).delete(path).then().statusCode(204);
    }

    @ParameterizedTest
    @ValueSource(strings = {".", ".."})
    void anIdNoPathCanCarryIsRefusedWhereverAnIdIsTakenAndNothingIsStored(String id) throws SQLException {
        Map<String, Object> decision = Map.of("customerId", id, "at", MONDAY_10_15_PARIS,
                "events", List.of(Map.of("id", "view-1", "type", "page_viewed")));
        refused(given().contentType(ContentType.JSON).body(decision).post("/v1/decisions").then(), "customerId");
        refused(given().contentType(ContentType.JSON).body(Map.of("request", decision)).post("/v1/simulate").then(),
                "request.customerId");
        String customer = Api.givenCustomer(newCustomerId()).exists();
        refused(given().contentType(ContentType.JSON).body(Map.of("alias", id)).post("/v1/customers/{id}/aliases", customer)
                .then(), "alias");
        // A batch refuses the event, not the batch: its other events are stored.
        given().contentType(ContentType.JSON)
                .body(Map.of("events", List.of(Map.of("id", "view-1", "customerId", id, "type", "page_viewed"))))
                .post("/v1/events").then().statusCode(200)
                .body("accepted", is(0))
                .body("rejected", is(1))
                .body("rejections[0].field", is("events[0].customerId"));
        // The path itself loses the segment: PUT /v1/customers/%2E is PUT /v1/customers/, which stores nothing.
        String encoded = id.replace(".", "%2E");
        int status = given().urlEncodingEnabled(false).contentType(ContentType.JSON).body(PROFILE)
                .put("/v1/customers/" + encoded).then().extract().statusCode();
        assertThat(status).isBetween(400, 499);

        for (String table : List.of("customer_event", "decision_record", "customer_alias")) {
            assertThat(rowsOf(table, "customer_id", id)).as(table).isZero();
        }
        assertThat(rowsOf("customer_profile", "id", id)).isZero();
        assertThat(rowsOf("customer_alias", "alias_id", id)).isZero();
    }

    private static void refused(ValidatableResponse response, String field) {
        response.statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem(field))
                .body("errors.find { it.field == '" + field + "' }.message", org.hamcrest.Matchers.containsString("\"..\""));
    }

    private static String decisionId(ValidatableResponse decided) {
        return decided.statusCode(200).extract().path("decisionId");
    }

    private long rowsOf(String table, String column, String value) throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement statement = connection.prepareStatement("select count(*) from " + table + " where " + column + " = ?")) {
            statement.setString(1, value);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
