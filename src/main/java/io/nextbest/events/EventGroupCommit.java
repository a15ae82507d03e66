package io.nextbest.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.nextbest.database.DatabaseBacklog;
import io.nextbest.database.DatabaseBacklogs;
import io.nextbest.database.DatabaseConfig;
import io.nextbest.database.DatabaseStatus;
import io.nextbest.json.JsonMapConverter;
import io.nextbest.profile.ConsentEvents;
import io.nextbest.profile.ProfileService;
import io.nextbest.state.CustomerChanges;
import io.nextbest.state.CustomerChanges.Restamp;
import io.nextbest.state.CustomerState.HistoryEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Stores the events of concurrent decisions together (group commit): a decision hands its events over,
 * runs its rules meanwhile and waits until they are committed before it reserves a contact or answers;
 * one writer puts every waiting decision's events into one insert and one commit. Alone, a decision is
 * written at once; under load, dozens share a commit. Each decision then restamps its customer in the
 * round trip of its reservation (or on its own).
 *
 * <p>When the database does not answer, the writer holds the events (up to {@code nextbest.events.backlog-capacity})
 * and the decisions go on, once a copy of their events is in the Redis backlog: an answered decision's events
 * outlive this process. The writer tries again with a growing pause, stores them in order when the database is
 * back and restamps their customers then; events a killed replica left in the backlog are stored by any other
 * (see {@link #storeOrphans}). Neither the database nor Redis taking them, the decision is refused (503)
 * before it reserves anything. Events the database refuses fail only their own decision. On shutdown, what
 * the database still does not take stays in the backlog (without one, it is written to the log as a body for
 * {@code POST /v1/events}): never dropped in silence.
 */
@ApplicationScoped
public class EventGroupCommit {
    private static final Logger LOG = Logger.getLogger(EventGroupCommit.class);
    /** Seven parameters a row, and PostgreSQL takes at most 65,535 per statement. */
    private static final int MAX_ROWS = 2_000;
    private static final Duration FIRST_PAUSE = Duration.ofMillis(250);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(10);

    private final AgroalDataSource dataSource;
    private final EventStore store;
    private final CustomerChanges changes;
    private final ProfileService profiles;
    private final DatabaseStatus database;
    private final EventsConfig config;
    private final Duration shutdownWait;
    private final ObjectMapper json;
    private final boolean postgresql;
    private final Timer commits;
    private final DistributionSummary decisionsPerCommit;
    private final Counter deadLetters;
    private final DatabaseBacklog backlog;
    private final Duration orphanAfter;
    private final BlockingQueue<Pending> waiting = new LinkedBlockingQueue<>();
    private final CommitPace pace;
    /** Events accepted from decisions and neither stored nor given up on: what the capacity bounds. */
    private final AtomicInteger unstored = new AtomicInteger();
    /** Held for a database that does not answer, oldest first. */
    private final Deque<Pending> held = new ConcurrentLinkedDeque<>();
    /**
     * Set while the database does not answer: decisions then hand their events straight to the held ones,
     * rather than wait for a writer that may be in a try taking as long as connecting gives up.
     */
    private volatile boolean holding;
    private Duration pause = FIRST_PAUSE;
    private long retryAt;
    private volatile boolean running;
    private Thread writer;

    EventGroupCommit(AgroalDataSource dataSource, EventStore store, CustomerChanges changes, ProfileService profiles,
                     DatabaseStatus database,
                     EventsConfig config, DatabaseConfig databaseConfig, DatabaseBacklogs backlogs, ObjectMapper json,
                     MeterRegistry registry, @ConfigProperty(name = "quarkus.datasource.db-kind") String dbKind) {
        this.backlog = backlogs.events();
        this.orphanAfter = databaseConfig.backlogOrphanAfter();
        this.commits = Timer.builder("nextbest.events.commit.duration")
                .description("Group commits of decisions' events: the insert and its commit").register(registry);
        this.decisionsPerCommit = DistributionSummary.builder("nextbest.events.decisions.per.commit")
                .description("Decisions whose events one group commit stored").register(registry);
        this.deadLetters = Counter.builder("nextbest.events.dead.letters")
                .description("Decisions' events given up on (refused by the database, or not taken before shutdown): each is in the log as a body for POST /v1/events")
                .register(registry);
        Gauge.builder("nextbest.events.unstored", unstored, AtomicInteger::get)
                .description("Decisions' events accepted and not yet stored: waiting for their commit, or held while the database does not answer")
                .register(registry);
        this.dataSource = dataSource;
        this.store = store;
        this.changes = changes;
        this.profiles = profiles;
        this.database = database;
        this.config = config;
        this.pace = new CommitPace(config.commitWait(), config.slowCommitWait());
        Gauge.builder("nextbest.events.commit.slow", pace, p -> p.slow(System.nanoTime()) ? 1 : 0)
                .description("1 while the database commits decisions' events slowly (one took over half nextbest.events.commit-wait in the last 5 s): decisions"
                        + " then wait only nextbest.events.slow-commit-wait and go on with their events in the Redis backlog")
                .register(registry);
        this.shutdownWait = databaseConfig.shutdownWait();
        this.json = json;
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
                writer.join(shutdownWait.plusSeconds(5).toMillis());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Hands a decision's events to the group commit and returns at once: the caller awaits the commit
     * when it must know they are safe. Without the writer (the embedded database, or after shutdown began)
     * they are stored before this returns.
     *
     * @throws EventsNotStoredException when this replica already holds as many events as it may for a
     *                                  database that does not answer
     */
    public EventsInFlight submit(String customerId, List<IncomingEvent> events, Instant receivedAt) {
        if (events.isEmpty()) {
            return EventsInFlight.NONE;
        }
        if (!running) {
            store.store(customerId, events, receivedAt); // restamped by the store's own transaction
            return EventsInFlight.NONE;
        }
        if (unstored.addAndGet(events.size()) > config.backlogCapacity()) {
            unstored.addAndGet(-events.size());
            throw new EventsNotStoredException("This replica already holds " + config.backlogCapacity()
                    + " events for a database that does not answer (nextbest.events.backlog-capacity)", null);
        }
        Pending pending = Pending.own(customerId, events, receivedAt);
        if (holding) {
            hold(List.of(pending)); // the writer's next try takes them, or a later one: it tries while any are held
        } else {
            waiting.add(pending);
        }
        return new EventsInFlight(pending.stored(), customerId, pace.waitMillis(System.nanoTime()), () -> keepDurably(pending));
    }

    /**
     * A decision that waited its commit wait goes on without the database: first its events go to the backlog
     * (the writer may still store them too; the second insert is a no-op).
     *
     * @throws EventsNotStoredException when Redis does not take them either
     */
    private void keepDurably(Pending pending) {
        if (!backlog.enabled() || pending.backlogId().get() != null) {
            return;
        }
        try {
            pending.backlogId().compareAndSet(null, backlog.add(pending.customerId(), toJson(pending)));
        } catch (RuntimeException redisAway) {
            throw new EventsNotStoredException("The database did not store the request's events in time, and the Redis "
                    + "backlog did not take them either", redisAway);
        }
    }

    private void writeUntilStopped() {
        try {
            // After the stop, what is already waiting is still written: those decisions are being answered.
            while (running || !waiting.isEmpty()) {
                Pending first = waiting.poll(200, TimeUnit.MILLISECONDS);
                try {
                    if (first != null) {
                        List<Pending> batch = collect(first);
                        if (held.isEmpty()) {
                            write(batch);
                        } else {
                            hold(batch); // behind the held ones: in order, and without a failed try each
                        }
                    }
                    if (!held.isEmpty() && System.nanoTime() - retryAt >= 0) {
                        retryHeld();
                    }
                } catch (RuntimeException unexpected) {
                    // The writer must outlive any one batch: without it no decision's events would be stored.
                    LOG.error("The event writer failed a round; it goes on", unexpected);
                }
            }
            offerHeldUntil(System.nanoTime() + shutdownWait.toNanos());
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        } finally {
            waiting.drainTo(held);
            long inBacklog = held.stream().filter(pending -> pending.backlogId().get() != null).count();
            if (inBacklog > 0) {
                LOG.warnf("The events of %d decisions left in the Redis backlog: a replica stores them once the database answers",
                        inBacklog);
            }
            held.stream().filter(pending -> pending.backlogId().get() == null)
                    .forEach(pending -> deadLetter(pending, "the database did not take them before shutdown"));
            held.clear();
        }
    }

    private List<Pending> collect(Pending first) {
        List<Pending> batch = new ArrayList<>(List.of(first));
        int rows = first.events().size();
        Pending next;
        while (rows < MAX_ROWS && (next = waiting.poll()) != null) {
            batch.add(next);
            rows += next.events().size();
        }
        return batch;
    }

    private void write(List<Pending> batch) {
        decisionsPerCommit.record(batch.size());
        long started = System.nanoTime();
        Set<StoredEvent.Key> inserted;
        pace.started(started);
        try {
            inserted = insert(batch);
            commits.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        } catch (SQLException | RuntimeException failed) {
            if (database.failedOn(failed)) {
                retryAt = System.nanoTime() + pause.toNanos();
                holding = true;
                hold(batch);
            } else {
                refused(batch, failed);
            }
            return;
        } finally {
            pace.ended(System.nanoTime());
        }
        database.worked();
        stored(batch, inserted);
    }

    /**
     * The decisions go on once their events are in the Redis backlog; the events wait here too, counted, until
     * the database takes them. Without the backlog they wait here only; with a backlog that does not take them,
     * the decision is refused (it has reserved nothing yet).
     */
    private void hold(List<Pending> batch) {
        for (Pending pending : batch) {
            if (backlog.enabled() && pending.backlogId().get() == null && !pending.stored().isDone()) {
                try {
                    pending.backlogId().compareAndSet(null, backlog.add(pending.customerId(), toJson(pending)));
                } catch (RuntimeException redisAway) {
                    unstored.addAndGet(-pending.events().size());
                    pending.stored().completeExceptionally(new EventsNotStoredException(
                            "The database does not answer, and the Redis backlog did not take the events either", redisAway));
                    continue;
                }
            }
            held.addLast(pending);
            pending.stored().complete(Restamp.NONE);
        }
    }

    /** Tries the oldest held events again; the pause between tries grows while the database stays away. */
    private void retryHeld() {
        List<Pending> batch = new ArrayList<>();
        int rows = 0;
        while (!held.isEmpty() && (batch.isEmpty() || rows + held.peekFirst().events().size() <= MAX_ROWS)) {
            Pending next = held.pollFirst();
            batch.add(next);
            rows += next.events().size();
        }
        Set<StoredEvent.Key> inserted;
        try {
            inserted = insert(batch);
        } catch (SQLException | RuntimeException failed) {
            if (database.failedOn(failed)) {
                for (int i = batch.size() - 1; i >= 0; i--) {
                    held.addFirst(batch.get(i));
                }
                pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
                retryAt = System.nanoTime() + pause.toNanos();
            } else {
                refused(batch, failed);
            }
            return;
        }
        database.worked();
        pause = FIRST_PAUSE;
        stored(batch, inserted);
        if (held.isEmpty() && holding) {
            holding = false; // one handed over meanwhile is still taken: the writer tries while any are held
            LOG.info("Stored every event held while the database did not answer");
        }
    }

    private void offerHeldUntil(long deadline) throws InterruptedException {
        while (!held.isEmpty() && deadline - System.nanoTime() > 0) {
            long wait = Math.min(retryAt - System.nanoTime(), deadline - System.nanoTime());
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            retryHeld();
        }
    }

    /** A refused commit is written again decision by decision: only the decision whose events were refused fails. */
    private void refused(List<Pending> batch, Exception failed) {
        if (batch.size() > 1) {
            batch.forEach(pending -> write(List.of(pending)));
            return;
        }
        Pending pending = batch.get(0);
        if (pending.counted()) {
            unstored.addAndGet(-pending.events().size());
        }
        leaveBacklog(batch); // refused: writing them again from the backlog would be refused too
        LOG.errorf("The database refused the events of %s: %s", pending.customerId(), failed.getMessage());
        EventsRejectedException rejected = new EventsRejectedException(
                "The database refused the request's events: " + failed.getMessage(), failed);
        if (!pending.stored().completeExceptionally(rejected)) {
            deadLetter(pending, "the database refused them"); // the decision went on meanwhile
        }
    }

    private void stored(List<Pending> batch, Set<StoredEvent.Key> inserted) {
        Set<StoredEvent.Key> claimed = new HashSet<>();
        leaveBacklog(batch);
        for (Pending pending : batch) {
            List<HistoryEvent> stored = new ArrayList<>();
            for (IncomingEvent event : pending.events()) {
                // A customer's id sent twice was inserted once: it counts for the first decision that sent it.
                // Another customer's event with the same id is another event, inserted and counted for them.
                StoredEvent.Key key = new StoredEvent.Key(pending.customerId(), event.id());
                if (inserted.contains(key) && claimed.add(key)) {
                    stored.add(new HistoryEvent(event.id(), event.type(), event.occurredAt(), event.channel(), event.attributes()));
                }
            }
            if (pending.counted()) {
                unstored.addAndGet(-pending.events().size());
            }
            // The decision restamps its customer itself, with its reservation when it makes one: the
            // writer goes on to the next commit instead of waiting for Redis. One that went on without
            // waiting (a slow or absent database) left it to the writer.
            Restamp restamp = changes.afterStoring(pending.customerId(), stored);
            if (!pending.stored().complete(restamp)) {
                restamp.send();
                withdrawConsents(pending.customerId(), stored);
            }
        }
    }

    /**
     * An unsubscribe among events stored after their decision went on (the database was slow or away): the
     * decision could not withdraw the consent in the profile, so it is withdrawn here (twice is harmless).
     */
    private void withdrawConsents(String customerId, List<HistoryEvent> stored) {
        for (HistoryEvent event : stored) {
            ConsentEvents.withdrawal(new IncomingEvent(event.id(), event.type(), event.occurredAt(), event.channel(), event.attributes()))
                    .ifPresent(withdrawal -> {
                        try {
                            profiles.withdrawConsent(customerId, withdrawal.channel());
                        } catch (RuntimeException failed) {
                            LOG.errorf("Could not withdraw the consent of %s to %s after storing event %s: %s", customerId,
                                    withdrawal.everyChannel() ? "every channel" : withdrawal.channel(), event.id(), failed.getMessage());
                        }
                    });
        }
    }

    /** Gives up on a decision's events, loudly: the log line is a body an operator can POST to /v1/events. */
    private void deadLetter(Pending pending, String why) {
        if (pending.counted()) {
            unstored.addAndGet(-pending.events().size());
        }
        deadLetters.increment(pending.events().size());
        List<Map<String, Object>> events = new ArrayList<>();
        for (IncomingEvent event : pending.events()) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", event.id());
            body.put("customerId", pending.customerId());
            body.put("type", event.type());
            body.put("occurredAt", event.occurredAt().toString());
            body.put("channel", event.channel());
            body.put("attributes", event.attributes());
            events.add(body);
        }
        try {
            LOG.errorf("Events not stored (%s); to store them, POST to /v1/events: %s", why,
                    json.writeValueAsString(Map.of("events", events)));
        } catch (JsonProcessingException unwritable) {
            LOG.errorf("Events not stored (%s) and not writable as JSON: %s", why, pending.events());
        }
    }

    private Set<StoredEvent.Key> insert(List<Pending> batch) throws SQLException {
        int rows = batch.stream().mapToInt(pending -> pending.events().size()).sum();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(multiRowInsert(rows))) {
            int column = 1;
            for (Pending pending : batch) {
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
            Set<StoredEvent.Key> inserted = new HashSet<>();
            try (ResultSet keys = statement.executeQuery()) {
                while (keys.next()) {
                    inserted.add(new StoredEvent.Key(keys.getString(1), keys.getString(2)));
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
        return sql.append(" on conflict (customer_id, id) do nothing returning customer_id, id").toString();
    }

    /**
     * Stores events a replica left in the backlog (it was killed, or still waits for the database): every few
     * seconds on every replica, while the database answers. Stored twice is stored once; the customers are
     * restamped and unsubscribes withdraw their consents, as for any events stored after their decision.
     */
    @Scheduled(every = "${nextbest.database.backlog-scan-interval:5s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void storeOrphans() {
        if (!running || !backlog.enabled() || !database.available()) {
            return;
        }
        List<DatabaseBacklog.Entry> orphans;
        try {
            orphans = backlog.addedBefore(DatabaseBacklog.orphanedBefore(Instant.now(), orphanAfter), MAX_ROWS / 10);
        } catch (RuntimeException redisAway) {
            return; // the next scan tries again
        }
        if (orphans.isEmpty()) {
            return;
        }
        List<Pending> batch = new ArrayList<>();
        for (DatabaseBacklog.Entry orphan : orphans) {
            fromBacklog(orphan).ifPresent(batch::add);
        }
        if (batch.isEmpty()) {
            return;
        }
        Set<StoredEvent.Key> inserted;
        try {
            inserted = insert(batch);
        } catch (SQLException | RuntimeException failed) {
            if (!database.failedOn(failed)) {
                refused(batch, failed); // decision by decision: only the refused ones are given up on, loudly
            }
            return;
        }
        stored(batch, inserted);
        LOG.infof("Stored the events of %d decisions from the backlog (left by a replica that stopped or waited for the database)",
                batch.size());
    }

    private String toJson(Pending pending) {
        try {
            return json.writeValueAsString(new BackloggedEvents(pending.receivedAt(), pending.events()));
        } catch (JsonProcessingException unwritable) {
            throw new IllegalStateException("Events not writable as JSON", unwritable);
        }
    }

    /** The events an entry holds; an unreadable entry is logged whole and removed, so it blocks nothing. */
    private java.util.Optional<Pending> fromBacklog(DatabaseBacklog.Entry entry) {
        try {
            BackloggedEvents events = json.readValue(entry.payload(), BackloggedEvents.class);
            if (events.receivedAt() == null || events.events() == null || events.events().isEmpty()
                    || events.events().stream().anyMatch(event -> event == null || event.id() == null || event.type() == null
                    || event.occurredAt() == null)) {
                throw new IllegalArgumentException("a field is missing");
            }
            return java.util.Optional.of(Pending.fromBacklog(entry.customerId(), events.events(), events.receivedAt(), entry.id()));
        } catch (JsonProcessingException | IllegalArgumentException unreadable) {
            deadLetters.increment();
            LOG.errorf("Backlog entry %s is not a decision's events (%s), removed: %s", entry.id(), unreadable.getMessage(),
                    entry.payload());
            backlog.remove(List.of(entry.id()));
            return java.util.Optional.empty();
        }
    }

    /** The database has them (or refused them for good): their copies in the backlog go. */
    private void leaveBacklog(List<Pending> batch) {
        backlog.removeStored(batch.stream().map(pending -> pending.backlogId().get()));
    }

    /** Erasure: the customer's events held here or in the backlog must not be stored after it. */
    public void forget(String customerId) {
        held.removeIf(pending -> {
            boolean theirs = pending.customerId().equals(customerId);
            if (theirs && pending.counted()) {
                unstored.addAndGet(-pending.events().size());
            }
            return theirs;
        });
        backlog.forget(customerId);
    }

    /** A decision's events as the backlog keeps them. */
    record BackloggedEvents(Instant receivedAt, List<IncomingEvent> events) {
    }

    /**
     * A decision's events waiting for the writer, and the decision waiting for them; or events a replica left in
     * the backlog (not counted among this replica's unstored events, nobody waiting).
     */
    private record Pending(String customerId, List<IncomingEvent> events, Instant receivedAt, CompletableFuture<Restamp> stored,
                           java.util.concurrent.atomic.AtomicReference<String> backlogId, boolean counted) {
        static Pending own(String customerId, List<IncomingEvent> events, Instant receivedAt) {
            return new Pending(customerId, events, receivedAt, new CompletableFuture<>(),
                    new java.util.concurrent.atomic.AtomicReference<>(), true);
        }

        static Pending fromBacklog(String customerId, List<IncomingEvent> events, Instant receivedAt, String backlogId) {
            return new Pending(customerId, events, receivedAt, CompletableFuture.completedFuture(Restamp.NONE),
                    new java.util.concurrent.atomic.AtomicReference<>(backlogId), false);
        }
    }
}
