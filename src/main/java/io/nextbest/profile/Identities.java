package io.nextbest.profile;

import io.nextbest.caps.CapStore;
import io.nextbest.events.StoredEvent;
import io.nextbest.facts.Contact;
import io.nextbest.journeys.Journeys;
import io.micrometer.core.annotation.Timed;
import io.nextbest.state.CustomerChanges;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Identity stitching. Once an anonymous id is linked to a customer, everything the anonymous visitor did
 * (events, decision records, contacts that count against caps) becomes the customer's, and every later
 * request with the anonymous id is decided for the customer.
 */
@ApplicationScoped
public class Identities {
    /** The width of customer_event.id. */
    private static final int EVENT_ID_WIDTH = 128;

    private final EntityManager entityManager;
    private final CapStore contacts;
    private final Journeys journeys;
    private final CustomerChanges changes;
    private final Clock clock;

    Identities(EntityManager entityManager, CapStore contacts, Journeys journeys, CustomerChanges changes, Clock clock) {
        this.changes = changes;
        this.entityManager = entityManager;
        this.contacts = contacts;
        this.journeys = journeys;
        this.clock = clock;
    }

    /** The customer an id stands for: the linked customer for an alias, the id itself otherwise. */
    @Transactional(Transactional.TxType.SUPPORTS)
    @Timed(value = "nextbest.db.duration", extraTags = {"operation", "aliases.canonical"})
    public String canonical(String id) {
        CustomerAlias alias = entityManager.find(CustomerAlias.class, id);
        return alias == null ? id : alias.customerId;
    }

    public enum LinkResult {
        LINKED, ALREADY_LINKED, UNKNOWN_CUSTOMER, ALIAS_OF_ANOTHER_CUSTOMER, ALIAS_IS_A_KNOWN_CUSTOMER
    }

    @Transactional
    public LinkResult link(String customerId, String aliasId) {
        CustomerProfile customer = entityManager.find(CustomerProfile.class, customerId, LockModeType.PESSIMISTIC_WRITE);
        if (customer == null || !customer.known) {
            return LinkResult.UNKNOWN_CUSTOMER;
        }
        CustomerAlias existing = entityManager.find(CustomerAlias.class, aliasId);
        if (existing != null) {
            return existing.customerId.equals(customerId) ? LinkResult.ALREADY_LINKED : LinkResult.ALIAS_OF_ANOTHER_CUSTOMER;
        }
        CustomerProfile anonymous = entityManager.find(CustomerProfile.class, aliasId);
        if (anonymous != null && anonymous.known) {
            return LinkResult.ALIAS_IS_A_KNOWN_CUSTOMER;
        }
        if (anonymous != null) {
            keepOptOuts(anonymous, customer);
            entityManager.remove(anonymous);
        }
        moveEvents(aliasId, customerId);
        entityManager.createQuery("update DecisionRecord set customerId = :customer where customerId = :alias")
                .setParameter("customer", customerId)
                .setParameter("alias", aliasId)
                .executeUpdate();
        changes.changed(aliasId);
        changes.changed(customerId);
        CustomerAlias alias = new CustomerAlias();
        alias.aliasId = aliasId;
        alias.customerId = customerId;
        alias.createdAt = clock.instant();
        entityManager.persist(alias);
        journeys.merge(aliasId, customerId);
        moveContacts(aliasId, customerId);
        return LinkResult.LINKED;
    }

    /** The aliases of a customer, for erasure. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<String> aliasesOf(String customerId) {
        return entityManager.createQuery("select a.aliasId from CustomerAlias a where a.customerId = :customer", String.class)
                .setParameter("customer", customerId)
                .getResultList();
    }

    @Transactional
    public void forgetAliases(String customerId) {
        aliasesOf(customerId).forEach(changes::changed);
        entityManager.createQuery("delete from CustomerAlias a where a.customerId = :customer")
                .setParameter("customer", customerId)
                .executeUpdate();
    }

    /** An anonymous visitor's opt-out is the person's: it carries over to the customer they turned out to be. */
    private static void keepOptOuts(CustomerProfile anonymous, CustomerProfile customer) {
        customer.globalOptOut = customer.globalOptOut || anonymous.globalOptOut;
        LinkedHashMap<String, Object> consents = new LinkedHashMap<>(customer.consents);
        anonymous.consents.forEach((channel, consented) -> {
            if (Boolean.FALSE.equals(consented)) {
                consents.put(channel, false);
            }
        });
        customer.consents = consents;
    }

    /**
     * The anonymous id's events become the customer's. An event id both have is one event when the events are
     * the same in all else (sent under both ids): it is kept once. Otherwise both are kept, the anonymous one
     * under an id of its own ({@code order-1001~2}), since an event id is unique only among one customer's events.
     */
    private void moveEvents(String aliasId, String customerId) {
        List<Object[]> sameIds = entityManager.createQuery("""
                        select a, c from StoredEvent a, StoredEvent c
                        where a.customerId = :alias and c.customerId = :customer and c.id = a.id""", Object[].class)
                .setParameter("alias", aliasId)
                .setParameter("customer", customerId)
                .getResultList();
        Set<String> taken = new HashSet<>();
        for (Object[] pair : sameIds) {
            StoredEvent anonymous = (StoredEvent) pair[0];
            StoredEvent own = (StoredEvent) pair[1];
            if (!sameEvent(anonymous, own)) {
                StoredEvent kept = new StoredEvent();
                kept.customerId = customerId;
                kept.id = freeId(anonymous.id, aliasId, customerId, taken);
                kept.type = anonymous.type;
                kept.occurredAt = anonymous.occurredAt;
                kept.channel = anonymous.channel;
                kept.attributes = anonymous.attributes;
                kept.receivedAt = anonymous.receivedAt;
                entityManager.persist(kept);
            }
            entityManager.remove(anonymous);
        }
        entityManager.flush();
        // The key changes, which an entity update cannot do: the rest move in one statement.
        entityManager.createNativeQuery("update customer_event set customer_id = ?1 where customer_id = ?2")
                .setParameter(1, customerId)
                .setParameter(2, aliasId)
                .executeUpdate();
    }

    private static boolean sameEvent(StoredEvent a, StoredEvent b) {
        return Objects.equals(a.type, b.type) && Objects.equals(a.occurredAt, b.occurredAt)
                && Objects.equals(a.channel, b.channel) && Objects.equals(a.attributes, b.attributes);
    }

    /** {@code id~2}, {@code id~3}, …: the first that neither id has an event with, cut to fit the column. */
    private String freeId(String id, String aliasId, String customerId, Set<String> taken) {
        for (int n = 2; ; n++) {
            String suffix = "~" + n;
            int cut = Math.min(id.length(), EVENT_ID_WIDTH - suffix.length());
            if (cut < id.length() && Character.isHighSurrogate(id.charAt(cut - 1))) {
                cut--; // never half a character
            }
            String candidate = id.substring(0, cut) + suffix;
            boolean stored = entityManager.createQuery("""
                            select count(e) from StoredEvent e where e.id = :id and e.customerId in (:alias, :customer)""",
                            Long.class)
                    .setParameter("id", candidate)
                    .setParameter("alias", aliasId)
                    .setParameter("customer", customerId)
                    .getSingleResult() > 0;
            if (!stored && taken.add(candidate)) {
                return candidate;
            }
        }
    }

    /** Contacts made with the anonymous id now count against the customer's caps. */
    private void moveContacts(String aliasId, String customerId) {
        List<Contact> made = contacts.history(aliasId, Instant.EPOCH, Instant.now().plusSeconds(365L * 24 * 3600));
        for (Contact contact : made) {
            contacts.reserve(customerId, contact, List.of());
        }
        contacts.forget(aliasId);
    }
}
