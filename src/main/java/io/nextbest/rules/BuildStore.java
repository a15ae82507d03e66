package io.nextbest.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code ruleset_build} table: who claimed a build, and what came of it. */
@ApplicationScoped
public class BuildStore {
    /** Builds kept: the newest by claim, enough for the history and rollbacks of every replica. */
    static final int KEPT = 20;
    /** SQLSTATE of a unique violation, the same on PostgreSQL and H2: another replica claimed first. */
    private static final String UNIQUE_VIOLATION = "23505";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<RuleProblem>> PROBLEMS = new TypeReference<>() {
    };

    public enum Status { BUILDING, ACCEPTED, REJECTED }

    /** One build as stored; {@code packages} only when accepted. */
    public record Build(String key, Status status, String compiledBy, Instant claimedAt, byte[] packages,
                        List<RuleProblem> warnings, List<RuleProblem> problems) {
    }

    private final AgroalDataSource dataSource;

    BuildStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Optional<Build> find(String key) {
        String sql = "select status, compiled_by, claimed_at, packages, warnings, problems from ruleset_build where build_key = ?";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, key);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Build(key, Status.valueOf(row.getString(1)), row.getString(2),
                        row.getTimestamp(3).toInstant(), row.getBytes(4), problems(row.getString(5)),
                        problems(row.getString(6))));
            }
        } catch (SQLException failed) {
            throw new IllegalStateException("Cannot read ruleset builds: " + failed.getMessage(), failed);
        }
    }

    /** @return true when this replica now holds the claim; false when another claimed the build first */
    public boolean claim(String key, String version, String by, Instant at) {
        String sql = "insert into ruleset_build (build_key, version, status, compiled_by, claimed_at) values (?, ?, 'BUILDING', ?, ?)";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, key);
            statement.setString(2, version);
            statement.setString(3, by);
            statement.setTimestamp(4, Timestamp.from(at));
            statement.executeUpdate();
            return true;
        } catch (SQLException failed) {
            if (UNIQUE_VIOLATION.equals(failed.getSQLState())) {
                return false;
            }
            throw new IllegalStateException("Cannot claim a ruleset build: " + failed.getMessage(), failed);
        }
    }

    /**
     * Takes over a claim whose holder has not finished in time (it may have died). Only one of several
     * replicas taking over the same claim wins.
     */
    public boolean takeOver(Build stale, String by, Instant at) {
        return update("update ruleset_build set compiled_by = ?, claimed_at = ? where build_key = ? and status = 'BUILDING' "
                + "and compiled_by = ? and claimed_at = ?", by, Timestamp.from(at), stale.key(), stale.compiledBy(),
                Timestamp.from(stale.claimedAt())) == 1;
    }

    public void accepted(String key, String by, byte[] packages, List<RuleProblem> warnings, Instant at) {
        update("update ruleset_build set status = 'ACCEPTED', compiled_by = ?, finished_at = ?, packages = ?, warnings = ? "
                + "where build_key = ?", by, Timestamp.from(at), packages, json(warnings), key);
        prune();
    }

    public void rejected(String key, String by, List<RuleProblem> problems, Instant at) {
        update("update ruleset_build set status = 'REJECTED', compiled_by = ?, finished_at = ?, problems = ? "
                + "where build_key = ?", by, Timestamp.from(at), json(problems), key);
        prune();
    }

    /** Gives up a claim whose build failed for a reason of its own (not the rules'), so another may try. */
    public void abandon(String key, String by) {
        update("delete from ruleset_build where build_key = ? and status = 'BUILDING' and compiled_by = ?", key, by);
    }

    private void prune() {
        update("delete from ruleset_build where build_key not in "
                + "(select build_key from ruleset_build order by claimed_at desc limit " + KEPT + ")");
    }

    private int update(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException failed) {
            throw new IllegalStateException("Cannot write ruleset builds: " + failed.getMessage(), failed);
        }
    }

    private static String json(List<RuleProblem> problems) {
        try {
            return JSON.writeValueAsString(problems);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static List<RuleProblem> problems(String json) {
        try {
            return json == null ? List.of() : JSON.readValue(json, PROBLEMS);
        } catch (JsonProcessingException unreadable) {
            throw new IllegalStateException("Unreadable problems of a ruleset build: " + unreadable.getOriginalMessage());
        }
    }
}
