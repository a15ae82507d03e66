package io.nextbest.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.nextbest.decision.Decision;
import io.nextbest.decision.DecisionQuery;
import io.nextbest.facts.Contact;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The contacts the records say were made, as a customer Redis lost is rebuilt from: each exactly once, whether
 * its record is still queued on this replica, being written, or in the database.
 */
@QuarkusTest
class RecordedContactsTest {
    @Inject
    RecordedContacts recorded;

    @Inject
    DecisionRecorder recorder;

    @Inject
    DecisionRecordInsert insert;

    @Inject
    Clock clock;

    @Test
    void everyContactOnRecordIsFoundOnceWhereverTheWriterHasGotTo() {
        String customer = "recorded-" + UUID.randomUUID();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<Contact> made = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Contact contact = new Contact(UUID.randomUUID().toString(), "mail-" + i, "email", "newsletter", now);
            made.add(contact);
            recorder.record(query(customer), List.of(), decision(customer, now, false), List.of(contact));
            // Read while the writer takes the records: each read finds every one so far, none twice.
            assertThat(recorded.since(customer, now.minusSeconds(60))).containsExactlyInAnyOrderElementsOf(made);
        }
        recorder.flush();
        assertThat(recorded.since(customer, now.minusSeconds(60))).containsExactlyInAnyOrderElementsOf(made);
        assertThat(recorded.since(customer, now)).as("only contacts counted after the moment asked for").isEmpty();
    }

    @Test
    void aRecordOlderThanTheContactsColumnCountsEachActionAtTheMomentItWasRecorded() throws SQLException {
        String customer = "recorded-" + UUID.randomUUID();
        Instant recordedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        DecisionRecord old = new DecisionRecord();
        old.id = UUID.randomUUID().toString();
        old.customerId = customer;
        old.decidedAt = recordedAt.minusSeconds(3600); // the caller's "at", not the service's clock
        old.rulesetVersion = "old";
        old.request = "{}";
        old.actions = "[{\"actionId\":\"welcome-email\",\"channel\":\"email\",\"category\":\"onboarding\"},"
                + "{\"actionId\":\"sales_alert\",\"channel\":\"sales\"}]";
        old.suppressed = "[]";
        old.firedRules = "[]";
        old.recordedAt = recordedAt;
        insert.insert(List.of(old), false);

        assertThat(recorded.since(customer, recordedAt.minusSeconds(60))).containsExactlyInAnyOrder(
                new Contact(old.id + ":welcome-email:email", "welcome-email", "email", "onboarding", recordedAt),
                new Contact(old.id + ":sales_alert:sales", "sales_alert", "sales", null, recordedAt));
    }

    @Test
    void dryRunsAndDecisionsThatMadeNoContactCountNothing() {
        String customer = "recorded-" + UUID.randomUUID();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Contact wouldBe = new Contact(UUID.randomUUID().toString(), "welcome-email", "email", null, now);
        recorder.record(query(customer).asDryRun(), List.of(), decision(customer, now, true), List.of(wouldBe));
        recorder.record(query(customer), List.of(), decision(customer, now, false), List.of());
        recorder.flush();

        assertThat(recorded.since(customer, now.minusSeconds(60))).isEmpty();
    }

    private static DecisionQuery query(String customer) {
        return new DecisionQuery(customer, "web", null, List.of(), null, 1, false);
    }

    private static Decision decision(String customer, Instant at, boolean dryRun) {
        return new Decision(UUID.randomUUID().toString(), customer, "test", at, dryRun, List.of(), List.of(), List.of(),
                List.of(), List.of(), 10);
    }
}
