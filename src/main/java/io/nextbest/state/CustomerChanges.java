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
        note(customerId, Pending.anyChange());
    }

    /** Events were stored for the customer. */
    public void stored(String customerId, List<HistoryEvent> events) {
        if (!events.isEmpty()) {
            note(customerId, Pending.of(events));
        }
    }

    /**
     * A decision's journey moves changed the customer's enrolments: the copy the decision was made from
     * takes the change on (when nothing else was stamped in between); any other copy is dropped.
     */
    public void journeysChanged(String customerId, JourneyPatch patch) {
        if (!patch.isEmpty()) {
            note(customerId, Pending.of(patch));
        }
    }

    /**
     * Events of the customer were committed outside a transaction of this service's (the decisions' group
     * commit): the restamp that tells other replicas is left to the decision, which carries it on its
     * reservation or sends it on its own, and must do either before it answers.
     */
    public Restamp afterStoring(String customerId, List<HistoryEvent> stored) {
        return stored.isEmpty() ? Restamp.NONE : new Restamp(this, customerId, List.copyOf(stored));
    }

    /** The restamp a decision owes for the events it stored; sent once, by whichever call comes first. */
    public static final class Restamp {
        /** Nothing was stored, nothing is owed. */
        public static final Restamp NONE = new Restamp(null, null, List.of());

        private final CustomerChanges changes;
        private final String customerId;
        private final List<HistoryEvent> stored;
        private final String newStamp = UUID.randomUUID().toString();
        private boolean sent;
        private String replaced;

        private Restamp(CustomerChanges changes, String customerId, List<HistoryEvent> stored) {
            this.changes = changes;
            this.customerId = customerId;
            this.stored = stored;
            this.sent = changes == null;
        }

        /** Whether a reservation should still carry it. */
        public boolean owed() {
            return !sent;
        }

        /** The stamp to set, for a call that carries it. */
        public String newStamp() {
            return newStamp;
        }

        /** A reservation set the new stamp in its round trip, replacing {@code replacedStamp}. */
        public void carried(String replacedStamp) {
            sent = true;
            replaced = replacedStamp;
            changes.cache.restamped(customerId, replacedStamp, newStamp, Pending.of(stored), changes.loader.historyLimit());
        }

        /** Sends the restamp on its own unless a reservation carried it. */
        public void send() {
            if (!sent) {
                sent = true;
                replaced = changes.publish(customerId, newStamp, Pending.of(stored));
            }
        }

        /**
         * The stamp the deciding copy is current for once this restamp was sent: the new one when it
         * replaced {@code known} (nothing else was stamped in between), else null (not known).
         */
        public String stampAfter(String known) {
            if (changes == null) {
                return known;
            }
            return sent && known != null && known.equals(replaced) ? newStamp : null;
        }
    }

    private void note(String customerId, Pending change) {
        if (transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
            publish(customerId, change);
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
        pending.merge(customerId, change, Pending::and);
    }

    private void publish(String customerId, Pending change) {
        publish(customerId, UUID.randomUUID().toString(), change);
    }

    /** Gives the customer {@code stamp}; returns the stamp it replaced, or null when there was none or the store failed. */
    private String publish(String customerId, String stamp, Pending change) {
        try {
            String old = store.restamp(customerId, stamp);
            cache.restamped(customerId, old, stamp, change, loader.historyLimit());
            return old;
        } catch (RuntimeException storeDown) {
            cache.forget(customerId);
            unstamped.increment();
            LOG.warnf("Could not stamp the change of %s (%s): other replicas may use their copy for up to nextbest.customer-cache.expire-after",
                    customerId, storeDown.getMessage());
            return null;
        }
    }

    /**
     * What one transaction changed of a customer: stored events and journey moves, which a cached copy can
     * take on, or any other change ({@code stored} null), which drops it.
     *
     * @param journeys the decision's journey moves, or null when there were none
     */
    record Pending(List<HistoryEvent> stored, JourneyPatch journeys) {
        static Pending anyChange() {
            return new Pending(null, null);
        }

        static Pending of(List<HistoryEvent> events) {
            return new Pending(List.copyOf(events), null);
        }

        static Pending of(JourneyPatch journeys) {
            return new Pending(List.of(), journeys);
        }

        boolean anything() {
            return stored == null;
        }

        Pending and(Pending other) {
            if (anything() || other.anything() || (journeys != null && other.journeys != null)) {
                return anyChange();
            }
            List<HistoryEvent> both = new ArrayList<>(stored);
            both.addAll(other.stored);
            return new Pending(both, journeys != null ? journeys : other.journeys);
        }
    }
}
