package io.nextbest.caps;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Tells how customers' contacts were rebuilt in Redis ({@code nextbest.contacts.rebuilt} by outcome) and, once
 * per replica and loss, that Redis lost its data: its generation, a key written once, disappeared or changed
 * ({@code nextbest.contacts.index.lost} and a WARN line), so an operator learns of it whatever the traffic.
 */
final class ContactIndexWatch {
    private static final Logger LOG = Logger.getLogger(ContactIndexWatch.class);

    /** Outcomes of a customer found without an index. */
    enum Outcome {
        /** Their contacts were rebuilt from the records (some were on record). */
        REBUILT,
        /** Indexed from the records, which hold no contact in the retention (a new or quiet customer). */
        EMPTY,
        /** Contacts kept by a version without index markers were taken as complete. */
        TRUSTED,
        /** Another call indexed them first; nothing added. */
        RACED,
        /** The records could not be read: the customer's caps cannot be checked for now. */
        FAILED
    }

    private final MeterRegistry registry;
    private final Map<Outcome, Counter> outcomes = new ConcurrentHashMap<>();
    private final Counter lost;
    private volatile String generation;

    ContactIndexWatch(MeterRegistry registry) {
        this.registry = registry;
        this.lost = Counter.builder("nextbest.contacts.index.lost")
                .description("Times this replica found Redis had lost its data (its generation changed); contacts are rebuilt from the decision records")
                .register(registry);
    }

    void rebuilt(Outcome outcome) {
        outcomes.computeIfAbsent(outcome, key -> Counter.builder("nextbest.contacts.rebuilt")
                .description("Customers whose contacts were not indexed in Redis, by what was done: rebuilt or empty (from the decision records), "
                        + "trusted (kept by an older version), raced (indexed by another call first), failed (records unreadable)")
                .tags("outcome", key.name().toLowerCase(java.util.Locale.ROOT))
                .register(registry)).increment();
    }

    long count(Outcome outcome) {
        Counter counter = outcomes.get(outcome);
        return counter == null ? 0 : (long) counter.count();
    }

    /**
     * The generation Redis holds now.
     *
     * @param created this replica set it (there was none)
     */
    void generation(String current, boolean created) {
        String known = generation;
        if (current.equals(known)) {
            return;
        }
        generation = current;
        if (known != null) {
            lost.increment();
            LOG.warnf("Redis lost its data (generation %s, now %s): each customer's contacts are rebuilt from the decision "
                    + "records before anything is reserved for them (nextbest_contacts_rebuilt_total)", known, current);
        } else if (created) {
            LOG.warnf("Redis held no generation (it is new, or lost its data): each customer's contacts are rebuilt from the "
                    + "decision records before anything is reserved for them (nextbest_contacts_rebuilt_total)");
        }
    }
}
