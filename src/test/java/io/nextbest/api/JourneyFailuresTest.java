package io.nextbest.api;

import static io.nextbest.api.Api.decide;
import static io.nextbest.api.Api.givenCustomer;
import static io.nextbest.api.Api.newCustomerId;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import io.nextbest.caps.CapStore;
import io.nextbest.decision.JourneyStepDecider;
import io.nextbest.facts.Contact;
import io.nextbest.support.RulesFolderCopy;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

    private static final String REMINDER_JOURNEY = """
            package nextbest;
            import io.nextbest.facts.*;

            rule "Reminder journey: start"
                agenda-group "triggers"
            when
                Event( type == "reminder_start", current )
            then
                insert(Journey.enrol("reminder").atStep("remind").afterDays(1));
            end

            rule "Reminder journey, a day later: reminder email"
                agenda-group "triggers"
            when
                $journey : Journey( name == "reminder", step == "remind", due )
            then
                insert(Candidate.email("reminder-email").priority(50).category("reminders"));
                insert($journey.complete());
            end
            """;

    @Inject
    EntityManager entityManager;

    @Inject
    JourneyStepDecider steps;

    @Inject
    CapStore capStore;

    @AfterEach
    void putTheSampleRulesBack() {
        given().delete("/v1/clock").then().statusCode(200);
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

        JsonPath failed = awaitJourneyStatus(customer, "FAILED");
        assertThat(failed.getString("status")).isEqualTo("FAILED");
        assertThat(failed.getInt("attempts")).isEqualTo(3);
        assertThat(failed.getString("lastError")).contains("Fragile journey: a step whose rule fails");
        assertThat(failed.getString("endReason")).isEqualTo("step boom failed 3 times");
        given().queryParam("status", "FAILED").get("/v1/journeys").then().statusCode(200)
                .body("customerId", hasItem(customer));
        // The service decides as before.
        decide(customer).event("page_viewed").then().statusCode(200);
    }

    @Test
    void aStepWhoseReplicaDiedAfterReservingItsContactStillSendsItWhenRetried() throws Exception {
        given().contentType(ContentType.JSON)
                .body(Map.of("files", List.of(Map.of("name", "reminder.drl", "content", REMINDER_JOURNEY))))
                .post("/v1/rules/activate").then().statusCode(200);
        String customer = givenCustomer(newCustomerId()).consentingTo("email").exists();
        decide(customer).event("reminder_start").then().statusCode(200)
                .body("journeys[0].change", is("ENROLLED"));
        String enrolment = given().get("/v1/customers/{id}/journeys", customer).then().statusCode(200)
                .extract().path("[0].id");
        // Midday the day after the step fell due: outside anyone's quiet hours.
        Instant tomorrow = Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(12));

        // A replica decides the step, reserving the email against the caps, and dies before committing.
        QuarkusTransaction.begin();
        try {
            steps.decide(customer, enrolment, Map.of("journey", "reminder", "step", "remind"), tomorrow);
        } finally {
            QuarkusTransaction.rollback();
        }

        // The step is still due; deciding it again sends the email the dead attempt had reserved
        // ("the same message at most once in 30 days" is not spent by a message that never went out).
        given().contentType(ContentType.JSON).body(Map.of("now", tomorrow.toString())).put("/v1/clock")
                .then().statusCode(200);
        JsonPath done = awaitJourneyStatus(customer, "COMPLETED");
        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        Api.awaitRecorded(done.getString("lastDecisionId")).statusCode(200)
                .body("actions.actionId", contains("reminder-email"));
        // And counted once against the caps.
        assertThat(capStore.history(customer, tomorrow.minus(Duration.ofDays(2)), tomorrow.plus(Duration.ofDays(1))))
                .extracting(Contact::actionId).containsExactly("reminder-email");
    }

    private static JsonPath awaitJourneyStatus(String customer, String status) throws InterruptedException {
        JsonPath journey = null;
        for (int i = 0; i < 100; i++) {
            journey = new JsonPath(given().get("/v1/customers/{id}/journeys", customer).asString()).setRootPath("[0]");
            if (status.equals(journey.getString("status"))) {
                break;
            }
            Thread.sleep(100);
        }
        return journey;
    }
}
