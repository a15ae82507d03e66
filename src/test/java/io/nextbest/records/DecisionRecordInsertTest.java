package io.nextbest.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A batch of records is inserted whole; a retried batch leaves out what an earlier attempt committed. */
@QuarkusTest
class DecisionRecordInsertTest {
    @Inject
    DecisionRecordInsert insert;

    @Inject
    DecisionRecorder recorder;

    @Test
    void aRetriedBatchAddsOnlyTheRecordsNotStoredYet() throws SQLException {
        DecisionRecord committedEarlier = record();
        DecisionRecord notYet = record();
        insert.insert(List.of(committedEarlier), false);

        assertThatThrownBy(() -> insert.insert(List.of(committedEarlier, notYet), false)).isInstanceOf(SQLException.class);
        insert.insert(List.of(committedEarlier, notYet), true);

        assertThat(recorder.find(notYet.id)).hasValueSatisfying(stored -> {
            assertThat(stored.customerId).isEqualTo(notYet.customerId);
            assertThat(stored.decidedAt).isEqualTo(notYet.decidedAt);
            assertThat(stored.actions).isEqualTo(notYet.actions);
            assertThat(stored.journeys).isNull();
            assertThat(stored.tookMicros).isEqualTo(1234);
        });
        assertThat(recorder.find(committedEarlier.id)).isPresent();
    }

    private static DecisionRecord record() {
        DecisionRecord record = new DecisionRecord();
        record.id = UUID.randomUUID().toString();
        record.customerId = "insert-" + record.id;
        record.decidedAt = Instant.parse("2026-11-23T09:15:00.123Z");
        record.rulesetVersion = "abc123";
        record.request = "{\"channel\":\"web\"}";
        record.actions = "[{\"actionId\":\"welcome-email\"}]";
        record.suppressed = "[]";
        record.firedRules = "[]";
        record.tookMicros = 1234;
        record.recordedAt = Instant.parse("2026-11-23T09:15:00.456Z");
        return record;
    }
}
