package io.nextbest.records;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Inserts a batch of decision records in one statement, without an ORM session: the writer only ever adds
 * rows, and building entities, snapshots and a flush per record cost more than the insert itself.
 */
@ApplicationScoped
class DecisionRecordInsert {
    /** Fourteen parameters a row; PostgreSQL takes at most 65,535 per statement. */
    static final int MAX_ROWS = 4_000;
    private static final String COLUMNS = "id, customer_id, decided_at, ruleset_version, dry_run, request, actions, "
            + "suppressed, journeys, fired_rules, took_micros, recorded_at, contacts, failed_rules";

    private final AgroalDataSource dataSource;

    DecisionRecordInsert(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * @param retry the batch was tried before and may have been committed then: records already stored
     *              are left out (a retry must not fail on its own earlier success)
     */
    void insert(List<DecisionRecord> batch, boolean retry) throws SQLException {
        if (batch.size() > MAX_ROWS) {
            throw new IllegalArgumentException("At most " + MAX_ROWS + " records per insert, not " + batch.size());
        }
        try (Connection connection = dataSource.getConnection()) {
            List<DecisionRecord> rows = retry ? notStored(connection, batch) : batch;
            if (rows.isEmpty()) {
                return;
            }
            try (PreparedStatement statement = connection.prepareStatement(multiRowInsert(rows.size()))) {
                int column = 1;
                for (DecisionRecord record : rows) {
                    statement.setString(column++, record.id);
                    statement.setString(column++, record.customerId);
                    statement.setObject(column++, record.decidedAt.atOffset(ZoneOffset.UTC));
                    statement.setString(column++, record.rulesetVersion);
                    statement.setBoolean(column++, record.dryRun);
                    statement.setString(column++, record.request);
                    statement.setString(column++, record.actions);
                    statement.setString(column++, record.suppressed);
                    statement.setString(column++, record.journeys);
                    statement.setString(column++, record.firedRules);
                    statement.setLong(column++, record.tookMicros);
                    statement.setObject(column++, record.recordedAt.atOffset(ZoneOffset.UTC));
                    statement.setString(column++, record.contacts);
                    statement.setString(column++, record.failedRules);
                }
                statement.executeUpdate();
            }
        }
    }

    private static List<DecisionRecord> notStored(Connection connection, List<DecisionRecord> batch) throws SQLException {
        String sql = "select id from decision_record where id in (" + "?, ".repeat(batch.size() - 1) + "?)";
        Set<String> stored = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < batch.size(); i++) {
                statement.setString(i + 1, batch.get(i).id);
            }
            try (ResultSet ids = statement.executeQuery()) {
                while (ids.next()) {
                    stored.add(ids.getString(1));
                }
            }
        }
        return batch.stream().filter(record -> !stored.contains(record.id)).toList();
    }

    private static String multiRowInsert(int rows) {
        StringBuilder sql = new StringBuilder("insert into decision_record (" + COLUMNS + ") values ");
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        }
        return sql.toString();
    }
}
