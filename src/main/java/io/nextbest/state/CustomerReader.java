package io.nextbest.state;

import io.nextbest.caps.CapStore;
import io.nextbest.caps.CapStore.ContactSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Reads a customer for a decision in one round trip to the contact store when their state is cached:
 * the contacts and the state stamp together, and the database only when the stamp moved on. An alias
 * takes a second round trip, for the customer it stands for.
 */
@ApplicationScoped
public class CustomerReader {
    private static final Logger LOG = Logger.getLogger(CustomerReader.class);

    private final CapStore store;
    private final CustomerStateCache cache;
    private final CustomerStateLoader loader;
    private final CustomerCacheConfig config;

    CustomerReader(CapStore store, CustomerStateCache cache, CustomerStateLoader loader, CustomerCacheConfig config) {
        this.store = store;
        this.cache = cache;
        this.loader = loader;
        this.config = config;
    }

    /** The customer {@code id} stands for, with their contacts in {@code (contactsFrom, to]}. */
    public CustomerRead read(String id, Instant contactsFrom, Instant to) {
        if (!config.enabled()) {
            return readUncached(id, contactsFrom, to);
        }
        ContactSnapshot snapshot;
        try {
            snapshot = store.snapshot(id, contactsFrom, to);
        } catch (RuntimeException storeDown) {
            return withoutContacts(resolved(loader.load(id)), storeDown);
        }
        CustomerState state = cache.get(id, snapshot.stamp(), () -> loader.load(id));
        if (state.aliasOf() == null) {
            return new CustomerRead(state, snapshot.contacts(), null, snapshot.stamp());
        }
        String customerId = state.aliasOf();
        try {
            snapshot = store.snapshot(customerId, contactsFrom, to);
        } catch (RuntimeException storeDown) {
            return withoutContacts(loader.load(customerId), storeDown);
        }
        String stamp = snapshot.stamp();
        return new CustomerRead(cache.get(customerId, stamp, () -> loader.load(customerId)), snapshot.contacts(), null, stamp);
    }

    /** Straight from the database, nothing cached (journey steps, replays, simulations). */
    public CustomerRead readUncached(String id, Instant contactsFrom, Instant to) {
        CustomerState state = resolved(loader.load(id));
        try {
            return new CustomerRead(state, store.history(state.id(), contactsFrom, to), null, null);
        } catch (RuntimeException storeDown) {
            return withoutContacts(state, storeDown);
        }
    }

    private CustomerState resolved(CustomerState state) {
        return state.aliasOf() == null ? state : loader.load(state.aliasOf());
    }

    private static CustomerRead withoutContacts(CustomerState state, RuntimeException storeDown) {
        // Decide anyway: the rules see that caps cannot be checked and hold contacts back.
        LOG.warnf("Contact history unavailable for %s: %s", state.id(), storeDown.getMessage());
        return new CustomerRead(state, null, storeDown.getMessage(), null);
    }
}
