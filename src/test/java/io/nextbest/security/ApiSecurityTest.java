package io.nextbest.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import io.nextbest.support.TestApiKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Who may call what: every endpoint of the API, as the OpenAPI document lists them, refuses a caller
 * without a key (401), and a website's decide key or an event feed's ingest key outside its own calls (403),
 * with problem+json. What these keys may not send or read within their calls: TrustModelTest.
 */
@QuarkusTest
class ApiSecurityTest {
    private static final String OUTCOMES = "POST /v1/decisions/{decisionId}/outcomes";
    /** Each key below admin, with the only endpoints it may call (docs/security.md). */
    private static final Map<String, Set<String>> CALLS_OF_KEY = Map.of(
            TestApiKeys.DECIDE_KEY, Set.of("POST /v1/decisions", OUTCOMES),
            TestApiKeys.INGEST_KEY, Set.of("POST /v1/events", OUTCOMES));

    private List<Filter> filters;

    @BeforeEach
    void callWithoutTheDefaultAdminKey() {
        filters = TestApiKeys.callWithoutKey();
    }

    @AfterEach
    void restoreTheDefaultAdminKey() {
        RestAssured.replaceFiltersWith(filters);
    }

    @Test
    void everyEndpointNeedsAKeyAndEachKeyBelowAdminOpensOnlyItsOwnCalls() {
        List<String> endpoints = endpoints();
        CALLS_OF_KEY.values().forEach(calls -> assertThat(endpoints).containsAll(calls));
        assertThat(endpoints).contains("GET /v1/rules", "POST /v1/rules/activate", "GET /v1/customers/{id}",
                "DELETE /v1/customers/{id}", "GET /v1/decisions/{decisionId}", "GET /v1/stats", "GET /v1/journeys");

        List<String> wrong = new ArrayList<>();
        for (String endpoint : endpoints) {
            Response anonymous = call(endpoint, null);
            if (anonymous.statusCode() != 401 || !anonymous.contentType().startsWith("application/problem+json")
                    || !"Bearer".equals(anonymous.header("WWW-Authenticate"))) {
                wrong.add(endpoint + " without a key answered " + anonymous.statusCode());
            }
            CALLS_OF_KEY.forEach((key, calls) -> {
                Response keyed = call(endpoint, key);
                boolean refused = keyed.statusCode() == 401 || keyed.statusCode() == 403;
                if (calls.contains(endpoint) ? refused
                        : keyed.statusCode() != 403 || !keyed.contentType().startsWith("application/problem+json")) {
                    wrong.add(endpoint + " with " + key + " answered " + keyed.statusCode());
                }
            });
            Response unknownKey = call(endpoint, "not-a-key");
            if (unknownKey.statusCode() != 401) {
                wrong.add(endpoint + " with an unknown key answered " + unknownKey.statusCode());
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void aWebsiteKeyGetsDecisionsAndTheAnswerToAnUnknownKeySaysSo() {
        given().header("X-API-Key", TestApiKeys.DECIDE_KEY).contentType(ContentType.JSON)
                .body(Map.of("customerId", "security-visitor", "events", List.of(Map.of("type", "page_viewed"))))
                .post("/v1/decisions").then().statusCode(200);
        given().header("Authorization", "Bearer " + TestApiKeys.DECIDE_KEY).contentType(ContentType.JSON)
                .body(Map.of("customerId", "security-visitor")).post("/v1/decisions").then().statusCode(200);

        given().header("X-API-Key", "guessed").contentType(ContentType.JSON)
                .body(Map.of("customerId", "security-visitor")).post("/v1/decisions").then().statusCode(401)
                .contentType("application/problem+json").body("detail", is("The API key is not valid"));
        given().header("X-API-Key", TestApiKeys.DECIDE_KEY).get("/v1/rules").then().statusCode(403)
                .contentType("application/problem+json").body("title", is("Forbidden"));
    }

    @Test
    void probesMetricsAndTheApiDescriptionNeedNoKey() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/health/started").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("components.securitySchemes.SecurityScheme.name", is("X-API-Key"))
                .body("components.securitySchemes.SecurityScheme.in", is("header"));
        given().get("/q/swagger-ui/").then().statusCode(200);
        given().get("/console/").then().statusCode(200);
        given().get("/v1/rules").then().statusCode(401).body("detail", not(is("")));
    }

    /** "GET /v1/rules", … for every operation of the OpenAPI document under /v1. */
    private static List<String> endpoints() {
        JsonPath openApi = new JsonPath(given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().asString());
        Map<String, Map<String, Object>> paths = openApi.getMap("paths");
        List<String> endpoints = new ArrayList<>();
        paths.forEach((path, operations) -> {
            if (path.startsWith("/v1/")) {
                operations.keySet().stream()
                        .filter(method -> Set.of("get", "post", "put", "patch", "delete").contains(method))
                        .forEach(method -> endpoints.add(method.toUpperCase() + " " + path));
            }
        });
        return endpoints;
    }

    private static Response call(String endpoint, String key) {
        String[] parts = endpoint.split(" ", 2);
        String path = parts[1].replaceAll("\\{[^}]+}", "security-probe");
        RequestSpecification request = given().contentType(ContentType.JSON).body("{}");
        if (key != null) {
            request.header("X-API-Key", key);
        }
        return request.request(parts[0], path);
    }
}
