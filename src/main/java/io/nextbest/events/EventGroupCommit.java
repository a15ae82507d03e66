package io.nextbest.events;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.nextbest.json.JsonMapConverter;
import io.nextbest.state.CustomerChanges;
import io.nextbest.state.CustomerChanges.Restamp;
import io.nextbest.state.CustomerState.HistoryEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Stores the events of concurrent decisions together (group commit): a decision hands its events over,
 * runs its rules meanwhile and waits until they are committed before it reserves a contact or answers,
 * so it never acts on events that were not stored; one writer puts every waiting decision's events into
 * one insert and one commit. Alone, a decision is written at once; under load, dozens share a commit.
 * Each decision then restamps its customer in the round trip of its reservation (or on its own).
 */
@ApplicationScoped
public class EventGroupCommit {
    private static final Logger LOG = Logger.getLogger(EventGroupCommit.class);
    /** Seven parameters a row, and PostgreSQL takes at most 65,535 per statement. */
    private static final int MAX_ROWS = 2_000;
    private static final long WAIT_SECONDS = 10;

    private final AgroalDataSource dataSource;
    private final EventStore store;
    private final CustomerChanges changes;
    private final boolean postgresql;
    private final Timer commits;
    private final DistributionSummary decisionsPerCommit;
    private final BlockingQueue<Batch.Pending> waiting = new LinkedBlockingQueue<>();
    private volatile boolean running;
    private Thread writer;

    EventGroupCommit(AgroalDataSource dataSource, EventStore store, CustomerChanges changes, MeterRegistry registry,
                     @ConfigProperty(name = "quarkus.datasource.db-kind") String dbKind) {
        this.commits = Timer.builder("nextbest.events.commit.duration")
                .description("Group commits of decisions' events: the insert and its commit").register(registry);
        this.decisionsPerCommit = DistributionSummary.builder("nextbest.events.decisions.per.commit")
                .description("Decisions whose events one group commit stored").register(registry);
        this.dataSource = dataSource;
        this.store = store;
        this.changes = changes;
        this.postgresql = "postgresql".equals(dbKind);
    }

    void start(@Observes StartupEvent started) {
        if (!postgresql) {
            return; // The embedded H2 serves one process: each decision writes its own events.
        }
        running = true;
        writer = new Thread(this::writeUntilStopped, "event-writer");
        writer.setDaemon(true);
        writer.start();
    }

    void stop(@Observes ShutdownEvent stopping) {
        running = false;
        if (writer != null) {
            try {
                writer.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Hands a decision's events to the group commit and returns at once: the caller awaits the commit
     * when it must know they are stored. Without the writer (the embedded database) they are stored
     * before this returns.
     */
    public EventsInFlight submit(String customerId, List<IncomingEvent> events, Instant receivedAt) {
        if (events.isEmpty()) {
            return EventsInFlight.NONE;
        }
        if (!running) {
            store.store(customerId, events, receivedAt); // restamped by the store's own transaction
            return EventsInFlight.NONE;
        }
        Batch.Pending pending = new Batch.Pending(customerId, events, receivedAt, new CompletableFuture<>());
        waiting.add(pending);
        return new EventsInFlight(pending.stored(), customerId, WAIT_SECONDS);
    }

    private void writeUntilStopped() {
        // After the stop, what is already waiting is still written: those decisions are being answered.
        while (running || !waiting.isEmpty()) {
            try {
                Batch.Pending first = waiting.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                Batch batch = new Batch(first);
                Batch.Pending next;
                while (batch.rows() < MAX_ROWS && (next = waiting.poll()) != null) {
                    batch.add(next);
                }
                write(batch);
            } catch (InterruptedException stopping) {
                return;
            } catch (RuntimeException unexpected) {
                LOG.error("The event writer failed a batch", unexpected);
            }
        }
    }

    private void write(Batch batch) {
        Set<String> inserted;
        decisionsPerCommit.record(batch.pending().size());
        long started = System.nanoTime();
        try {
            inserted = insert(batch);
            commits.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        } catch (SQLException | RuntimeException failed) {
            // Nothing of the batch was committed: every decision in it answers with an error it can retry.
            EventsNotStoredException notStored = new EventsNotStoredException("Could not store events: " + failed.getMessage(), failed);
            batch.pending().forEach(pending -> pending.stored().completeExceptionally(notStored));
            return;
        }
        Set<String> claimed = new HashSet<>();
        for (Batch.Pending pending : batch.pending()) {
            List<HistoryEvent> stored = new ArrayList<>();
            for (IncomingEvent event : pending.events()) {
                // An id sent twice was inserted once: it counts for the first decision that sent it.
                if (inserted.contains(event.id()) && claimed.add(event.id())) {
                    stored.add(new HistoryEvent(event.id(), event.type(), event.occurredAt(), event.channel(), event.attributes()));
                }
            }
            // The decision restamps its customer itself, with its reservation when it makes one: the
            // writer goes on to the next commit instead of waiting for Redis.
            pending.stored().complete(changes.afterStoring(pending.customerId(), stored));
        }
    }

    private Set<String> insert(Batch batch) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(multiRowInsert(batch.rows()))) {
            int column = 1;
            for (Batch.Pending pending : batch.pending()) {
                for (IncomingEvent event : pending.events()) {
                    statement.setString(column++, event.id());
                    statement.setString(column++, pending.customerId());
                    statement.setString(column++, event.type());
                    statement.setObject(column++, event.occurredAt().atOffset(ZoneOffset.UTC));
                    statement.setString(column++, event.channel());
                    statement.setString(column++, JsonMapConverter.write(event.attributes()));
                    statement.setObject(column++, pending.receivedAt().atOffset(ZoneOffset.UTC));
                }
            }
            Set<String> inserted = new HashSet<>();
            try (ResultSet ids = statement.executeQuery()) {
                while (ids.next()) {
                    inserted.add(ids.getString(1));
                }
            }
            return inserted;
        }
    }

    private static String multiRowInsert(int rows) {
        StringBuilder sql = new StringBuilder(
                "insert into customer_event (id, customer_id, type, occurred_at, channel, attributes, received_at) values ");
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?)");
        }
        return sql.append(" on conflict (id) do nothing returning id").toString();
    }

    /** The decisions whose events one commit stores. */
    private static final class Batch {
        private final List<Pending> pending = new ArrayList<>();
        private int rows;

        Batch(Pending first) {
            add(first);
        }

        void add(Pending next) {
            pending.add(next);
            rows += next.events().size();
        }

        List<Pending> pending() {
            return pending;
        }

        int rows() {
            return rows;
        }

        record Pending(String customerId, List<IncomingEvent> events, Instant receivedAt, CompletableFuture<Restamp> stored) {
        }
    }
}
