package io.nextbest.events;

import io.nextbest.json.JsonMapConverter;
import io.micrometer.core.annotation.Timed;
import io.nextbest.state.CustomerChanges;
import io.nextbest.state.CustomerState.HistoryEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Stores events idempotently by customer and id, and reads a customer's recent history. */
@ApplicationScoped
public class EventStore {
    /** PostgreSQL: a concurrent replay of the customer's event is a no-op instead of a failed transaction. */
    private static final String INSERT_POSTGRESQL = """
            insert into customer_event (id, customer_id, type, occurred_at, channel, attributes, received_at)
            values (?1, ?2, ?3, ?4, ?5, ?6, ?7) on conflict (customer_id, id) do nothing""";
    /** The embedded H2 has no ON CONFLICT; it serves one process, where this check is enough. */
    private static final String INSERT_PORTABLE = """
            insert into customer_event (id, customer_id, type, occurred_at, channel, attributes, received_at)
            select ?1, ?2, ?3, ?4, ?5, ?6, ?7 from (values (1)) as one
            where not exists (select 1 from customer_event where customer_id = ?2 and id = ?1)""";

    private final EntityManager entityManager;
    private final CustomerChanges changes;
    private final String insert;

    EventStore(EntityManager entityManager, CustomerChanges changes,
               @ConfigProperty(name = "quarkus.datasource.db-kind") String dbKind) {
        this.entityManager = entityManager;
        this.changes = changes;
        this.insert = "postgresql".equals(dbKind) ? INSERT_POSTGRESQL : INSERT_PORTABLE;
    }

    /**
     * Stores the events the customer does not have yet; an id the customer already has is left as it was
     * (another customer's event with the same id is another event).
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
