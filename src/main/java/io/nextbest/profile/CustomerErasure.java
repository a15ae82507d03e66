package io.nextbest.profile;

import io.nextbest.caps.CapStore;
import io.nextbest.events.EventStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/** The right to be forgotten: everything stored about a customer id goes, in PostgreSQL and in Redis. */
@ApplicationScoped
public class CustomerErasure {
    private final ProfileService profiles;
    private final EventStore events;
    private final CapStore contacts;

    CustomerErasure(ProfileService profiles, EventStore events, CapStore contacts) {
        this.profiles = profiles;
        this.events = events;
        this.contacts = contacts;
    }

    /** @return true when anything was stored for the id */
    @Transactional
    public boolean erase(String customerId) {
        boolean hadProfile = profiles.delete(customerId);
        long events = this.events.deleteAll(customerId);
        // Contacts last: if the database part fails, nothing is half-erased in a way a retry cannot finish.
        contacts.forget(customerId);
        return hadProfile || events > 0;
    }
}
