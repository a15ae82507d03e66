package io.nextbest.state;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.nextbest.caps.CapStore;
import io.nextbest.state.CustomerState.HistoryEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Tells every replica that a customer's stored state changed: once the transaction that changed it has
 * committed, the customer gets a new state stamp, so cached copies read under the old one are not used
 * again. Every write to a profile, alias, event or journey enrolment reports itself here.
 */
@ApplicationScoped
public class CustomerChanges {
    private static final Logger LOG = Logger.getLogger(CustomerChanges.class);
    /** The key of this transaction's changes among its resources. */
    private static final Object PENDING = CustomerChanges.class;

    private final TransactionSynchronizationRegistry transactions;
    private final CapStore store;
    private final CustomerStateCache cache;
    private final CustomerStateLoader loader;
    private final Counter unstamped;

    CustomerChanges(TransactionSynchronizationRegistry transactions, CapStore store, CustomerStateCache cache,
                    CustomerStateLoader loader, MeterRegistry registry) {
        this.transactions = transactions;
        this.store = store;
        this.cache = cache;
        this.loader = loader;
        this.unstamped = Counter.builder("nextbest.customer.cache.unstamped")
                .description("Changes of a customer the contact store could not be told of (other replicas keep their copy until it expires)")
                .register(registry);
    }

    /** Anything about the customer changed: profile, consent, alias, journeys, erasure. */
    public void changed(String customerId) {
        note(customerId, null);
    }

    /** Events were stored for the customer. */
    public void stored(String customerId, List<HistoryEvent> events) {
        if (!events.isEmpty()) {
            note(customerId, events);
        }
    }

    /**
     * Events of several customers were stored in one transaction that has committed (the decisions'
     * group commit): all are restamped at once.
     */
    public void storedAll(Map<String, List<HistoryEvent>> events) {
        Map<String, String> stamps = new LinkedHashMap<>();
        events.keySet().forEach(customerId -> stamps.put(customerId, UUID.randomUUID().toString()));
        try {
            Map<String, String> replaced = store.restampAll(stamps);
            events.forEach((customerId, stored) -> cache.restamped(customerId, replaced.get(customerId),
                    stamps.get(customerId), stored, loader.historyLimit()));
        } catch (RuntimeException storeDown) {
            events.keySet().forEach(cache::forget);
            unstamped.increment(events.size());
            LOG.warnf("Could not stamp the events stored for %d customers (%s): other replicas may use their copy for up to nextbest.customer-cache.expire-after",
                    events.size(), storeDown.getMessage());
        }
    }

    private void note(String customerId, List<HistoryEvent> events) {
        if (transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
            publish(customerId, events == null ? Pending.anyChange() : Pending.of(events));
            return;
        }
        @SuppressWarnings("unchecked")
        Map<String, Pending> pending = (Map<String, Pending>) transactions.getResource(PENDING);
        if (pending == null) {
            Map<String, Pending> changes = new LinkedHashMap<>();
            transactions.putResource(PENDING, changes);
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    if (status == Status.STATUS_COMMITTED) {
                        changes.forEach(CustomerChanges.this::publish);
                    }
                }
            });
            pending = changes;
        }
        pending.merge(customerId, events == null ? Pending.anyChange() : Pending.of(events), Pending::and);
    }

    private void publish(String customerId, Pending change) {
        String stamp = UUID.randomUUID().toString();
        try {
            String old = store.restamp(customerId, stamp);
            cache.restamped(customerId, old, stamp, change.stored(), loader.historyLimit());
        } catch (RuntimeException storeDown) {
            cache.forget(customerId);
            unstamped.increment();
            LOG.warnf("Could not stamp the change of %s (%s): other replicas may use their copy for up to nextbest.customer-cache.expire-after",
                    customerId, storeDown.getMessage());
        }
    }

    /** What one transaction changed of a customer: only stored events (which a cached copy can take on), or more. */
    private record Pending(List<HistoryEvent> stored) {
        static Pending anyChange() {
            return new Pending(null);
        }

        static Pending of(List<HistoryEvent> events) {
            return new Pending(List.copyOf(events));
        }

        Pending and(Pending other) {
            if (stored == null || other.stored == null) {
                return anyChange();
            }
            List<HistoryEvent> both = new ArrayList<>(stored);
            both.addAll(other.stored);
            return new Pending(both);
        }
    }
}
