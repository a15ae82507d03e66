package io.nextbest.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import io.agroal.api.AgroalDataSource;
import io.nextbest.database.DatabaseBacklog;
import io.nextbest.database.DatabaseBacklogs;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What a replica killed while PostgreSQL was away leaves in the Redis backlog is written by the replicas that
 * remain, once the database answers; and an erased customer's backlog goes with them.
 */
@QuarkusTest
class DatabaseBacklogTest {
    @Inject
    DatabaseBacklogs backlogs;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void aDecisionRecordAndEventsLeftInTheBacklogAreStoredByAnotherReplica() throws Exception {
        String customer = Api.newCustomerId();
        String decisionId = UUID.randomUUID().toString();
        // As a replica leaves them: the events of a decision it answered while the database was away, and its record.
        backlogs.events().add(customer, """
                {"receivedAt": "2026-11-23T09:15:00Z", "events": [{"id": "%s-left", "type": "page_viewed",
                 "occurredAt": "2026-11-23T09:15:00Z", "channel": "web", "attributes": {"page": "pricing"}}]}
                """.formatted(customer));
        backlogs.records().add(customer, record(decisionId, customer));

        Api.awaitRecorded(decisionId).statusCode(200).body("rulesetVersion", is("left-behind"));
        for (int i = 0; i < 50 && storedEvents(customer) == 0; i++) {
            Thread.sleep(100);
        }
        assertThat(storedEvents(customer)).isEqualTo(1);
        assertThat(backlogs.events().addedBefore(Instant.now().plusSeconds(1), 10_000))
                .extracting(DatabaseBacklog.Entry::customerId).doesNotContain(customer);
        assertThat(backlogs.records().addedBefore(Instant.now().plusSeconds(1), 10_000))
                .extracting(DatabaseBacklog.Entry::customerId).doesNotContain(customer);
    }

    @Test
    void anUnreadableEntryIsRemovedAndBlocksNothingBehindIt() throws Exception {
        String customer = Api.newCustomerId();
        String decisionId = UUID.randomUUID().toString();
        backlogs.records().add(customer, "{\"id\": 42");
        backlogs.records().add(customer, record(decisionId, customer));

        Api.awaitRecorded(decisionId).statusCode(200);
        assertThat(backlogs.records().addedBefore(Instant.now().plusSeconds(1), 10_000))
                .extracting(DatabaseBacklog.Entry::customerId).doesNotContain(customer);
    }

    @Test
    void aRecordIsFoundInTheBacklogByItsDecisionUntilItIsStored() throws Exception {
        String customer = Api.newCustomerId();
        String decisionId = UUID.randomUUID().toString();
        String entry = backlogs.records().add(customer, decisionId, record(decisionId, customer));

        assertThat(backlogs.records().find(decisionId)).get()
                .extracting(DatabaseBacklog.Entry::id, DatabaseBacklog.Entry::customerId).containsExactly(entry, customer);
        assertThat(backlogs.records().find(UUID.randomUUID().toString())).isEmpty();

        Api.awaitRecorded(decisionId).statusCode(200);
        for (int i = 0; i < 50 && backlogs.records().find(decisionId).isPresent(); i++) {
            Thread.sleep(100);
        }
        assertThat(backlogs.records().find(decisionId)).isEmpty();
    }

    @Test
    void erasureRemovesTheCustomersWritesFromTheBacklog() {
        String erased = Api.newCustomerId();
        String kept = Api.newCustomerId();
        Api.givenCustomer(erased).exists();
        backlogs.records().add(erased, record(UUID.randomUUID().toString(), erased));
        String keptEntry = backlogs.records().add(kept, record(UUID.randomUUID().toString(), kept));

        given().delete("/v1/customers/{id}", erased).then().statusCode(204);

        List<DatabaseBacklog.Entry> left = backlogs.records().addedBefore(Instant.now().plusSeconds(1), 10_000);
        assertThat(left).extracting(DatabaseBacklog.Entry::customerId).doesNotContain(erased);
        assertThat(left).extracting(DatabaseBacklog.Entry::id).contains(keptEntry);
    }

    private long storedEvents(String customer) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("select count(*) from customer_event where customer_id = ?")) {
            query.setString(1, customer);
            try (ResultSet count = query.executeQuery()) {
                count.next();
                return count.getLong(1);
            }
        }
    }

    private static String record(String decisionId, String customer) {
        return """
                {"id": "%s", "customerId": "%s", "decidedAt": "2026-11-23T09:15:00Z", "rulesetVersion": "left-behind",
                 "dryRun": false, "request": "{\\"channel\\":\\"web\\",\\"events\\":[],\\"context\\":{},\\"limit\\":1}",
                 "actions": "[]", "suppressed": "[]", "journeys": "[]", "firedRules": "[]", "tookMicros": 850,
                 "recordedAt": "2026-11-23T09:15:00Z"}
                """.formatted(decisionId, customer);
    }
}
