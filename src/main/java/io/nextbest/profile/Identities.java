package io.nextbest.profile;

import io.nextbest.caps.CapStore;
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
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Identity stitching. Once an anonymous id is linked to a customer, everything the anonymous visitor did
 * (events, decision records, contacts that count against caps) becomes the customer's, and every later
 * request with the anonymous id is decided for the customer.
 */
@ApplicationScoped
public class Identities {
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
        for (String table : List.of("StoredEvent", "io.nextbest.records.DecisionRecord")) {
            entityManager.createQuery("update " + table + " set customerId = :customer where customerId = :alias")
                    .setParameter("customer", customerId)
                    .setParameter("alias", aliasId)
                    .executeUpdate();
        }
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

    /** Contacts made with the anonymous id now count against the customer's caps. */
    private void moveContacts(String aliasId, String customerId) {
        List<Contact> made = contacts.history(aliasId, Instant.EPOCH, Instant.now().plusSeconds(365L * 24 * 3600));
        for (Contact contact : made) {
            contacts.reserve(customerId, contact, List.of());
        }
        contacts.forget(aliasId);
    }
}
