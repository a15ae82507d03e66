package io.nextbest.records;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.nextbest.caps.ContactRecords;
import io.nextbest.database.DatabaseStatus;
import io.nextbest.database.DatabaseUnavailableException;
import io.nextbest.facts.Contact;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The contacts the decision records say were made with a customer: this replica's records not written yet, then
 * the database's (one query on the customer's index). Each contact comes under the id it was reserved with, at
 * the moment it was counted, so what is rebuilt is what Redis held. A record older than the contacts column
 * counts each of its actions (internal ones could not be told apart then: counting them is the safe side) at
 * the moment it was recorded, on the service's clock and just after its contacts were counted (the rules' "at",
 * decided_at, may be the caller's moment), under an id made of the decision and the action.
 */
@ApplicationScoped
public class RecordedContacts implements ContactRecords {
    private static final TypeReference<List<Contact>> CONTACTS = new TypeReference<>() {
    };
    private static final String QUERY = "select id, contacts, actions, recorded_at from decision_record"
            + " where customer_id = ? and not dry_run and recorded_at > ?"
            + " and (contacts <> '[]' or (contacts is null and actions <> '[]'))";

    private final AgroalDataSource dataSource;
    private final DecisionRecorder recorder;
    private final DatabaseStatus database;
    private final ObjectMapper json;

    RecordedContacts(AgroalDataSource dataSource, DecisionRecorder recorder, DatabaseStatus database, ObjectMapper json) {
        this.dataSource = dataSource;
        this.recorder = recorder;
        this.database = database;
        this.json = json;
    }

    @Override
    public List<Contact> since(String customerId, Instant from) {
        Map<String, List<Contact>> byDecision = new LinkedHashMap<>();
        // Before the database: a record written meanwhile is then found there.
        for (DecisionRecord record : recorder.unwritten(customerId)) {
            if (!record.dryRun) {
                byDecision.put(record.id, contactsOf(record.id, record.contacts, record.actions, record.recordedAt));
            }
        }
        database.requireAvailable();
        try {
            // Outside any transaction of the caller's (a journey step's): a read that fails must not doom it.
            QuarkusTransaction.suspendingExisting().call(() -> {
                read(customerId, from, byDecision);
                return null;
            });
        } catch (RuntimeException failed) {
            Throwable cause = failed.getCause() != null ? failed.getCause() : failed;
            if (database.failedOn(cause)) {
                throw new DatabaseUnavailableException("Could not read the decision records of " + customerId, cause);
            }
            throw failed;
        }
        database.worked();
        List<Contact> made = new ArrayList<>();
        byDecision.values().forEach(contacts -> contacts.stream().filter(c -> c.at().isAfter(from)).forEach(made::add));
        return made;
    }

    private void read(String customerId, Instant from, Map<String, List<Contact>> byDecision) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(QUERY)) {
            statement.setString(1, customerId);
            statement.setObject(2, from.atOffset(ZoneOffset.UTC));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String id = rows.getString(1);
                    byDecision.putIfAbsent(id, contactsOf(id, rows.getString(2), rows.getString(3),
                            rows.getObject(4, OffsetDateTime.class).toInstant()));
                }
            }
        }
    }

    private List<Contact> contactsOf(String decisionId, String contacts, String actions, Instant recordedAt) {
        try {
            if (contacts != null) {
                return json.readValue(contacts, CONTACTS);
            }
            List<Contact> counted = new ArrayList<>();
            for (JsonNode action : json.readTree(actions)) {
                String actionId = action.path("actionId").asText();
                String channel = action.path("channel").asText();
                String category = action.path("category").isTextual() ? action.path("category").asText() : null;
                counted.add(new Contact(decisionId + ":" + actionId + ":" + channel, actionId, channel, category, recordedAt));
            }
            return counted;
        } catch (JsonProcessingException unreadable) {
            throw new IllegalStateException("Decision record " + decisionId + " holds contacts that cannot be read", unreadable);
        }
    }
}
