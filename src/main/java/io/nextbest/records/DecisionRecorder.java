package io.nextbest.records;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.nextbest.database.DatabaseBacklog;
import io.nextbest.database.DatabaseBacklogs;
import io.nextbest.database.DatabaseConfig;
import io.nextbest.database.DatabaseStatus;
import io.nextbest.database.DatabaseUnavailableException;
import io.nextbest.decision.Decision;
import io.nextbest.decision.DecisionQuery;
import io.nextbest.events.IncomingEvent;
import io.nextbest.facts.Contact;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Writes decision records off the request path: a decision queues its record, one background writer
 * stores them in batches. A decision that took effect first puts a copy in the Redis backlog, so its record
 * outlives this process: killed before the writer stored it (the database away, or just slow), any replica
 * writes it from there (see {@link #writeOrphans}). Nothing is dropped in silence: while the database does not
 * answer, records wait in the queue and a decision that would not find room is refused before it takes
 * effect; a batch the database refuses is written record by record; on shutdown the queue is drained, and
 * what the database still does not take by {@code nextbest.database.shutdown-wait} stays in the backlog (or,
 * without one, is written to the log).
 */
@ApplicationScoped
public class DecisionRecorder {
    private static final Logger LOG = Logger.getLogger(DecisionRecorder.class);

    private final EntityManager entityManager;
    private final DecisionRecordInsert insert;
    private final ObjectMapper json;
    private final RecordsConfig config;
    private final Clock clock;
    private final DatabaseStatus database;
    private final Duration shutdownWait;
    private final Counter deadLetters;
    private final Counter unbacked;
    private final DatabaseBacklog backlog;
    private final Duration orphanAfter;
    private final BlockingQueue<DecisionRecord> pending;
    /**
     * Every record from the moment it is queued until the database took it (or it went to the log), by id: with
     * the database it covers every record of this replica, whichever step of the writer it is at.
     */
    private final Map<String, DecisionRecord> unwritten = new ConcurrentHashMap<>();
    /** Held while a batch is written, and by erasure, so an erased customer's record cannot land after it. */
    private final Object writing = new Object();
    private final int batchSize;
    private volatile boolean running;
    private volatile long stopDeadline;
    private Thread writer;

    DecisionRecorder(EntityManager entityManager, DecisionRecordInsert insert, ObjectMapper json, RecordsConfig config,
                     Clock clock, DatabaseStatus database, DatabaseConfig databaseConfig, DatabaseBacklogs backlogs,
                     MeterRegistry registry) {
        this.database = database;
        this.backlog = backlogs.records();
        this.orphanAfter = databaseConfig.backlogOrphanAfter();
        this.unbacked = Counter.builder("nextbest.records.unbacked")
                .description("Records of decisions that took effect and could not be copied to the Redis backlog (Redis away): "
                        + "until the writer stores them, they are in this process only")
                .register(registry);
        this.shutdownWait = databaseConfig.shutdownWait();
        this.deadLetters = Counter.builder("nextbest.records.dead.letters")
                .description("Decision records given up on (refused by the database, or not taken before shutdown): each is in the log")
                .register(registry);
        Gauge.builder("nextbest.records.queued", this, recorder -> recorder.pending.size())
                .description("Decision records waiting to be written").register(registry);
        this.entityManager = entityManager;
        this.insert = insert;
        this.json = json;
        this.config = config;
        this.clock = clock;
        this.pending = new LinkedBlockingQueue<>(config.queueCapacity());
        this.batchSize = Math.min(config.batchSize(), DecisionRecordInsert.MAX_ROWS);
    }

    void start(@Observes StartupEvent started) {
        running = true;
        writer = new Thread(this::writeUntilStopped, "decision-record-writer");
        writer.setDaemon(true);
        writer.start();
    }

    void stop(@Observes ShutdownEvent stopping) {
        // No interrupt: it could break a JDBC write half way. The writer notices within a second.
        stopDeadline = System.nanoTime() + shutdownWait.toNanos();
        running = false;
        if (writer != null) {
            try {
                writer.join(shutdownWait.plusSeconds(5).toMillis());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        flush();
    }

    /**
     * Refuses a decision before it takes effect when its record would find the queue full (of records a
     * database that does not answer has not taken): the client gets a 503 it can retry.
     */
    public void requireRoom() {
        if (pending.remainingCapacity() == 0) {
            throw new DatabaseUnavailableException("The queue of decision records is full (nextbest.records.queue-capacity): "
                    + "the database does not take them fast enough", null);
        }
    }

    /**
     * Queues the record of a decision; never blocks for long and never drops it in silence.
     *
     * @param query    the request as decided, for the customer an alias stands for
     * @param contacts the contacts the decision made (see {@link DecisionRecord#contacts})
     */
    public void record(DecisionQuery query, List<IncomingEvent> events, Decision decision, List<Contact> contacts) {
        DecisionRecord record = toRecord(query, events, decision, contacts);
        if (!record.dryRun && backlog.enabled()) {
            // Before the answer leaves: a decision that took effect keeps its record whatever happens to this process.
            try {
                record.backlogId = backlog.add(record.customerId, record.id, toJson(BackloggedRecord.of(record)));
            } catch (RuntimeException redisAway) {
                unbacked.increment();
            }
        }
        unwritten.put(record.id, record);
        if (!pending.offer(record)) {
            // Filled since requireRoom: the decision took effect, so its record is written here or logged, never refused.
            LOG.warn("Decision record queue full: writing on the request thread");
            try {
                write(List.of(record), false);
                leaveBacklog(List.of(record));
            } catch (SQLException | RuntimeException failed) {
                if (record.backlogId == null) {
                    deadLetter(List.of(record), failed.getMessage());
                } // else the backlog has it: any replica writes it
            }
        }
    }

    /** Writes everything queued so far (also used by tests and at shutdown). */
    public void flush() {
        List<DecisionRecord> batch = new ArrayList<>();
        while (pending.drainTo(batch, batchSize) > 0) {
            writeRetrying(batch);
            batch = new ArrayList<>();
        }
    }

    /**
     * This replica's records of the customer that the database may not have yet (queued, or being written). Read
     * before the database, a record is in one or the other.
     */
    public List<DecisionRecord> unwritten(String customerId) {
        return unwritten.values().stream().filter(record -> record.customerId.equals(customerId)).toList();
    }

    /** Erasure: drops the customer's queued records and deletes the stored ones. */
    public long erase(String customerId) {
        synchronized (writing) {
            pending.removeIf(record -> record.customerId.equals(customerId));
            backlog.forget(customerId);
            unwritten.values().removeIf(record -> record.customerId.equals(customerId));
            return QuarkusTransaction.joiningExisting().call(() -> entityManager
                    .createQuery("delete from DecisionRecord r where r.customerId = :customer")
                    .setParameter("customer", customerId)
                    .executeUpdate());
        }
    }

    /** Deletes records older than the retention, every hour on every replica (the delete is idempotent). */
    @Scheduled(every = "1h", delayed = "1m")
    void purgeExpired() {
        Instant cutoff = clock.instant().minus(Duration.ofDays(config.retentionDays()));
        int deleted = QuarkusTransaction.requiringNew().call(() -> entityManager
                .createQuery("delete from DecisionRecord r where r.recordedAt < :cutoff")
                .setParameter("cutoff", cutoff)
                .executeUpdate());
        if (deleted > 0) {
            LOG.infof("Deleted %d decision records older than %d days", deleted, config.retentionDays());
        }
    }

    /**
     * Writes records left in the backlog by a replica that died before storing them (or that still waits for
     * the database): every few seconds on every replica, while the database answers. Records already stored
     * are left out, so the replica that made them may still write them too.
     */
    @Scheduled(every = "${nextbest.database.backlog-scan-interval:5s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void writeOrphans() {
        if (!backlog.enabled() || !database.available()) {
            return;
        }
        List<DatabaseBacklog.Entry> orphans;
        try {
            orphans = backlog.addedBefore(DatabaseBacklog.orphanedBefore(Instant.now(), orphanAfter), batchSize);
        } catch (RuntimeException redisAway) {
            return; // the next scan tries again
        }
        if (orphans.isEmpty()) {
            return;
        }
        List<DecisionRecord> records = new ArrayList<>();
        for (DatabaseBacklog.Entry orphan : orphans) {
            fromBacklog(orphan).ifPresent(records::add);
        }
        try {
            write(records, true);
        } catch (SQLException | RuntimeException failed) {
            if (database.failedOn(failed)) {
                return; // still away: the next scan tries again
            }
            writeOneByOne(records); // one the database refuses must not hold up the others for ever
            return;
        }
        leaveBacklog(records);
        LOG.infof("Wrote %d decision records from the backlog (left by a replica that stopped or waited for the database)",
                records.size());
    }

    private void writeOneByOne(List<DecisionRecord> records) {
        for (DecisionRecord record : records) {
            try {
                write(List.of(record), true);
            } catch (SQLException | RuntimeException refused) {
                if (database.failedOn(refused)) {
                    return;
                }
                deadLetter(List.of(record), refused.getMessage());
            }
            leaveBacklog(List.of(record));
        }
    }

    /** The record an entry holds; an unreadable entry is logged whole and removed, so it blocks nothing. */
    private Optional<DecisionRecord> fromBacklog(DatabaseBacklog.Entry entry) {
        try {
            DecisionRecord record = json.readValue(entry.payload(), BackloggedRecord.class).toRecord();
            if (record.id == null || record.customerId == null || record.decidedAt == null || record.recordedAt == null) {
                throw new IllegalArgumentException("a field is missing");
            }
            record.backlogId = entry.id();
            return Optional.of(record);
        } catch (JsonProcessingException | IllegalArgumentException unreadable) {
            deadLetters.increment();
            LOG.errorf("Backlog entry %s is not a decision record (%s), removed: %s", entry.id(), unreadable.getMessage(),
                    entry.payload());
            backlog.remove(List.of(entry.id()));
            return Optional.empty();
        }
    }

    /** The database has them: their copies in the backlog go. */
    private void leaveBacklog(List<DecisionRecord> stored) {
        List<DecisionRecord> backlogged = stored.stream().filter(record -> record.backlogId != null).toList();
        try {
            backlog.remove(backlogged.stream().map(record -> record.backlogId).toList(),
                    backlogged.stream().map(record -> record.id).toList());
        } catch (RuntimeException redisAway) {
            // Left there, they are written again later and found stored: harmless.
        }
    }

    private void writeUntilStopped() {
        while (running) {
            try {
                DecisionRecord first = pending.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                List<DecisionRecord> batch = new ArrayList<>(List.of(first));
                pending.drainTo(batch, batchSize - 1);
                writeRetrying(batch);
            } catch (InterruptedException stopping) {
                return;
            }
        }
    }

    /**
     * Writes a batch, waiting for a database that does not answer (after shutdown began, only until the
     * deadline); a batch the database refuses is written record by record, so one bad record holds up none.
     */
    private void writeRetrying(List<DecisionRecord> batch) {
        for (int attempt = 1; ; attempt++) {
            try {
                write(batch, attempt > 1);
                database.worked();
                leaveBacklog(batch);
                return;
            } catch (SQLException | RuntimeException failed) {
                boolean unavailable = database.failedOn(failed);
                if (!unavailable && batch.size() > 1) {
                    batch.forEach(record -> writeRetrying(List.of(record)));
                    return;
                }
                long left = running ? Long.MAX_VALUE : stopDeadline - System.nanoTime();
                if (!unavailable && attempt >= 3) {
                    deadLetter(batch, failed.getMessage());
                    leaveBacklog(batch); // refused: writing it again from the backlog would be refused too
                    return;
                }
                if (left <= 0) {
                    leftInBacklog(batch, failed.getMessage());
                    return;
                }
                if (attempt == 5) {
                    LOG.errorf("Could not write %d decision records for %d attempts, still trying: %s", batch.size(), attempt,
                            failed.getMessage());
                }
                sleep(Math.min(Math.min(10_000, 250L * attempt), TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    /** Stopping while the database is away: what the backlog holds is written by another replica, the rest is logged. */
    private void leftInBacklog(List<DecisionRecord> batch, String why) {
        List<DecisionRecord> unbackedRecords = batch.stream().filter(record -> record.backlogId == null).toList();
        int backed = batch.size() - unbackedRecords.size();
        if (backed > 0) {
            LOG.warnf("%d decision records left in the Redis backlog (%s): a replica writes them once the database answers",
                    backed, why);
        }
        if (!unbackedRecords.isEmpty()) {
            deadLetter(unbackedRecords, why);
        }
    }

    /** Gives up on records, loudly: each is in the log, whole. */
    private void deadLetter(List<DecisionRecord> records, String why) {
        deadLetters.increment(records.size());
        for (DecisionRecord record : records) {
            unwritten.remove(record.id);
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("decisionId", record.id);
            fields.put("customerId", record.customerId);
            fields.put("decidedAt", String.valueOf(record.decidedAt));
            fields.put("rulesetVersion", record.rulesetVersion);
            fields.put("dryRun", record.dryRun);
            fields.put("request", record.request);
            fields.put("actions", record.actions);
            fields.put("suppressed", record.suppressed);
            fields.put("journeys", record.journeys);
            fields.put("firedRules", record.firedRules);
            fields.put("contacts", record.contacts);
            fields.put("failedRules", record.failedRules);
            LOG.errorf("Decision record not stored (%s): %s", why, toJson(fields));
        }
    }

    private void write(List<DecisionRecord> batch, boolean retry) throws SQLException {
        synchronized (writing) {
            insert.insert(batch, retry);
        }
        batch.forEach(record -> unwritten.remove(record.id));
    }

    /**
     * The record of a decision wherever it is, without waiting: this replica's writer, the database (one short
     * read, its connection returned at once), or the Redis backlog, where a decision that took effect put its
     * record before it answered, for any replica to find until its own replica stored it. Empty when none has
     * it: the decision is unknown (or was made by a replica that could not copy it to Redis and has not stored it).
     */
    public Optional<DecisionRecord> locate(String decisionId) {
        DecisionRecord here = unwritten.get(decisionId);
        if (here != null) {
            return Optional.of(here);
        }
        if (backlog.enabled()) {
            try {
                Optional<DecisionRecord> backlogged = backlog.find(decisionId).flatMap(this::fromBacklog);
                if (backlogged.isPresent()) {
                    return backlogged;
                }
            } catch (RuntimeException redisAway) {
                // the database may have it all the same
            }
        }
        // A record is copied to the backlog before its answer and removed only once the database has it: not in the
        // backlog now, it is in the database or was never answered. One query, so unknown ids cost the pool little.
        return stored(decisionId);
    }

    private Optional<DecisionRecord> stored(String decisionId) {
        database.requireAvailable();
        return QuarkusTransaction.requiringNew().call(() -> find(decisionId));
    }

    /** A stored record, once the writer has written it. */
    public Optional<DecisionRecord> find(String decisionId) {
        return Optional.ofNullable(entityManager.find(DecisionRecord.class, decisionId));
    }

    private DecisionRecord toRecord(DecisionQuery query, List<IncomingEvent> events, Decision decision,
                                    List<Contact> contacts) {
        DecisionRecord record = new DecisionRecord();
        record.id = decision.decisionId();
        record.customerId = query.customerId(); // the customer an alias stands for, so erasure finds it
        record.decidedAt = decision.decidedAt();
        record.rulesetVersion = decision.rulesetVersion();
        record.dryRun = decision.dryRun();
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("channel", query.channel());
        request.put("events", events);
        request.put("context", query.context());
        request.put("limit", query.limit());
        record.request = toJson(request);
        record.actions = toJson(decision.actions());
        record.suppressed = toJson(decision.suppressed());
        record.journeys = toJson(decision.journeys());
        record.firedRules = toJson(decision.firedRules());
        record.contacts = toJson(decision.dryRun() ? List.of() : contacts);
        record.failedRules = decision.failedRules().isEmpty() ? null : toJson(decision.failedRules());
        record.tookMicros = decision.tookMicros();
        record.recordedAt = clock.instant();
        return record;
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a decision record as JSON", e);
        }
    }

    /** A record as the backlog keeps it. */
    record BackloggedRecord(String id, String customerId, Instant decidedAt, String rulesetVersion, boolean dryRun,
                            String request, String actions, String suppressed, String journeys, String firedRules,
                            String contacts, long tookMicros, Instant recordedAt, String failedRules) {
        static BackloggedRecord of(DecisionRecord record) {
            return new BackloggedRecord(record.id, record.customerId, record.decidedAt, record.rulesetVersion, record.dryRun,
                    record.request, record.actions, record.suppressed, record.journeys, record.firedRules,
                    record.contacts, record.tookMicros, record.recordedAt, record.failedRules);
        }

        DecisionRecord toRecord() {
            DecisionRecord record = new DecisionRecord();
            record.id = id;
            record.customerId = customerId;
            record.decidedAt = decidedAt;
            record.rulesetVersion = rulesetVersion;
            record.dryRun = dryRun;
            record.request = request;
            record.actions = actions;
            record.suppressed = suppressed;
            record.journeys = journeys;
            record.firedRules = firedRules;
            record.contacts = contacts;
            record.tookMicros = tookMicros;
            record.recordedAt = recordedAt;
            record.failedRules = failedRules;
            return record;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
