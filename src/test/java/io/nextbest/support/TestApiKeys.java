package io.nextbest.support;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import java.util.List;
import java.util.Map;

/**
 * The test profile's API keys (see application.properties). Every test calls as an admin unless it says
 * otherwise: a filter adds the admin key to requests that carry no key of their own. The security tests
 * take the filter away to call without a key.
 */
@QuarkusTestResource(value = TestApiKeys.class, restrictToAnnotatedClass = false)
public class TestApiKeys implements QuarkusTestResourceLifecycleManager {
    public static final String ADMIN_KEY = "test-admin-key";
    public static final String DECIDE_KEY = "test-decide-key";
    /** An event feed's key: events and outcomes, unsubscribes included. */
    public static final String INGEST_KEY = "test-ingest-key";

    private static final Filter AS_ADMIN = (request, response, context) -> {
        if (!request.getHeaders().hasHeaderWithName("X-API-Key") && !request.getHeaders().hasHeaderWithName("Authorization")) {
            request.header("X-API-Key", ADMIN_KEY);
        }
        return context.next(request, response);
    };

    /** Calls made with RestAssured from now on carry the admin key unless they carry a key. */
    public static void callAsAdmin() {
        if (!RestAssured.filters().contains(AS_ADMIN)) {
            RestAssured.filters(AS_ADMIN);
        }
    }

    /** Calls made from now on carry no key unless they say so; returns the filters to put back. */
    public static List<Filter> callWithoutKey() {
        List<Filter> before = List.copyOf(RestAssured.filters());
        RestAssured.replaceFiltersWith(before.stream().filter(filter -> filter != AS_ADMIN).toList());
        return before;
    }

    @Override
    public Map<String, String> start() {
        callAsAdmin();
        return Map.of();
    }

    @Override
    public void stop() {
    }
}
