package io.nextbest.api;

import static io.nextbest.api.Api.decide;
import static io.nextbest.api.Api.givenCustomer;
import static io.nextbest.api.Api.newCustomerId;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import io.nextbest.support.RulesFolderCopy;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A journey step whose rule fails is retried with back-off, then marked FAILED with the error: never lost, never stuck. */
@QuarkusTest
class JourneyFailuresTest {
    private static final String FRAGILE_JOURNEY = """
            package nextbest;
            import io.nextbest.facts.*;

            rule "Fragile journey: start"
                agenda-group "triggers"
            when
                Event( type == "fragile_start", current )
            then
                insert(Journey.enrol("fragile").atStep("boom"));
            end

            rule "Fragile journey: a step whose rule fails"
                agenda-group "triggers"
            when
                $journey : Journey( name == "fragile", step == "boom", due )
            then
                throw new IllegalStateException("the connector data is missing");
            end
            """;

    @Inject
    EntityManager entityManager;

    @AfterEach
    void putTheSampleRulesBack() {
        RulesFolderCopy.putTheSampleRulesBack(entityManager);
    }

    @Test
    void aStepWhoseRuleFailsIsRetriedThenMarkedFailedWithTheError() throws Exception {
        given().contentType(ContentType.JSON)
                .body(Map.of("files", List.of(Map.of("name", "fragile.drl", "content", FRAGILE_JOURNEY))))
                .post("/v1/rules/activate").then().statusCode(200);
        String customer = givenCustomer(newCustomerId()).consentingTo("email").exists();

        decide(customer).event("fragile_start").then().statusCode(200)
                .body("journeys[0].change", is("ENROLLED"));

        JsonPath failed = null;
        for (int i = 0; i < 100; i++) {
            failed = new JsonPath(given().get("/v1/customers/{id}/journeys", customer).asString()).setRootPath("[0]");
            if ("FAILED".equals(failed.getString("status"))) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(failed.getString("status")).isEqualTo("FAILED");
        assertThat(failed.getInt("attempts")).isEqualTo(3);
        assertThat(failed.getString("lastError")).contains("Fragile journey: a step whose rule fails");
        assertThat(failed.getString("endReason")).isEqualTo("step boom failed 3 times");
        given().queryParam("status", "FAILED").get("/v1/journeys").then().statusCode(200)
                .body("customerId", hasItem(customer));
        // The service decides as before.
        decide(customer).event("page_viewed").then().statusCode(200);
    }
}
