package io.nextbest.events;

import io.nextbest.json.JsonMapConverter;
import io.micrometer.core.annotation.Timed;
import io.nextbest.state.CustomerChanges;
import io.nextbest.state.CustomerState.HistoryEvent;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Stores events idempotently by id and reads a customer's recent history. */
@ApplicationScoped
public class EventStore {
    /** PostgreSQL: a concurrent replay of the same id is a no-op instead of a failed transaction. */
    private static final String INSERT_POSTGRESQL = """
            insert into customer_event (id, customer_id, type, occurred_at, channel, attributes, received_at)
            values (?1, ?2, ?3, ?4, ?5, ?6, ?7) on conflict (id) do nothing""";
    /** The embedded H2 has no ON CONFLICT; it serves one process, where this check is enough. */
    private static final String INSERT_PORTABLE = """
            insert into customer_event (id, customer_id, type, occurred_at, channel, attributes, received_at)
            select ?1, ?2, ?3, ?4, ?5, ?6, ?7 from (values (1)) as one
            where not exists (select 1 from customer_event where id = ?1)""";

    private final EntityManager entityManager;
    private final AgroalDataSource dataSource;
    private final CustomerChanges changes;
    private final String insert;
    private final boolean postgresql;

    EventStore(EntityManager entityManager, AgroalDataSource dataSource, CustomerChanges changes,
               @ConfigProperty(name = "quarkus.datasource.db-kind") String dbKind) {
        this.entityManager = entityManager;
        this.dataSource = dataSource;
        this.changes = changes;
        this.postgresql = "postgresql".equals(dbKind);
        this.insert = "postgresql".equals(dbKind) ? INSERT_POSTGRESQL : INSERT_PORTABLE;
    }

    /**
     * Stores the events that are not stored yet; a replayed id is left as it was.
     *
     * @return how many were new
     */
    @Transactional
    @Timed(value = "nextbest.db.duration", extraTags = {"operation", "events.store"})
    public int store(String customerId, Collection<IncomingEvent> events, Instant receivedAt) {
        List<HistoryEvent> inserted = new ArrayList<>();
        for (IncomingEvent event : events) {
            int stored = entityManager.createNativeQuery(insert)
                    .setParameter(1, event.id())
                    .setParameter(2, customerId)
                    .setParameter(3, event.type())
                    .setParameter(4, event.occurredAt())
                    .setParameter(5, event.channel())
                    .setParameter(6, JsonMapConverter.write(event.attributes()))
                    .setParameter(7, receivedAt)
                    .executeUpdate();
            if (stored == 1) {
                inserted.add(new HistoryEvent(event.id(), event.type(), event.occurredAt(), event.channel(), event.attributes()));
            }
        }
        changes.stored(customerId, inserted);
        return inserted.size();
    }

    /**
     * Stores a decision's own events in one statement on a connection of its own, committed when it
     * returns: the same as {@link #store} without a transaction manager and an ORM session around a
     * single insert, which cost more than the insert itself on the decision path.
     *
     * @return how many were new
     */
    @Timed(value = "nextbest.db.duration", extraTags = {"operation", "events.store"})
    public int storeNow(String customerId, List<IncomingEvent> events, Instant receivedAt) {
        if (events.isEmpty()) {
            return 0;
        }
        if (!postgresql) {
            return store(customerId, events, receivedAt);
        }
        List<HistoryEvent> inserted = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(multiRowInsert(events.size()))) {
            int column = 1;
            for (IncomingEvent event : events) {
                statement.setString(column++, event.id());
                statement.setString(column++, customerId);
                statement.setString(column++, event.type());
                statement.setObject(column++, event.occurredAt().atOffset(ZoneOffset.UTC));
                statement.setString(column++, event.channel());
                statement.setString(column++, JsonMapConverter.write(event.attributes()));
                statement.setObject(column++, receivedAt.atOffset(ZoneOffset.UTC));
            }
            Set<String> stored = new HashSet<>();
            try (ResultSet ids = statement.executeQuery()) {
                while (ids.next()) {
                    stored.add(ids.getString(1));
                }
            }
            for (IncomingEvent event : events) {
                if (stored.contains(event.id())) {
                    inserted.add(new HistoryEvent(event.id(), event.type(), event.occurredAt(), event.channel(), event.attributes()));
                }
            }
        } catch (SQLException failed) {
            throw new IllegalStateException("Could not store the events of " + customerId + ": " + failed.getMessage(), failed);
        }
        changes.stored(customerId, inserted);
        return inserted.size();
    }

    private static String multiRowInsert(int rows) {
        StringBuilder sql = new StringBuilder(
                "insert into customer_event (id, customer_id, type, occurred_at, channel, attributes, received_at) values ");
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?)");
        }
        return sql.append(" on conflict (id) do nothing returning id").toString();
    }

    /** Deletes every stored event of the customer; returns how many. */
    @Transactional
    public long deleteAll(String customerId) {
        changes.changed(customerId);
        return entityManager.createQuery("delete from StoredEvent e where e.customerId = :customer")
                .setParameter("customer", customerId)
                .executeUpdate();
    }

    /** The customer's events in {@code (from, to]}, newest first, at most {@code limit}, without {@code excludedIds}. */
    @Transactional(Transactional.TxType.SUPPORTS)
    @Timed(value = "nextbest.db.duration", extraTags = {"operation", "events.history"})
    public List<StoredEvent> history(String customerId, Instant from, Instant to, Set<String> excludedIds, int limit) {
        List<StoredEvent> events = entityManager.createQuery("""
                        from StoredEvent e
                        where e.customerId = :customer and e.occurredAt > :from and e.occurredAt <= :to
                        order by e.occurredAt desc""", StoredEvent.class)
                .setParameter("customer", customerId)
                .setParameter("from", from)
                .setParameter("to", to)
                .setMaxResults(limit + excludedIds.size())
                .getResultList();
        return events.stream().filter(e -> !excludedIds.contains(e.id)).limit(limit).toList();
    }
}
