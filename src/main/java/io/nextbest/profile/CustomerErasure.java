package io.nextbest.profile;

import io.nextbest.caps.CapStore;
import io.nextbest.delivery.Outbox;
import io.nextbest.events.EventGroupCommit;
import io.nextbest.events.EventStore;
import io.nextbest.journeys.Journeys;
import io.nextbest.records.DecisionRecorder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;

/** The right to be forgotten: profile, events, decision records, deliveries, journeys and contact history of an id all go. */
@ApplicationScoped
public class CustomerErasure {
    private final ProfileService profiles;
    private final EventStore events;
    private final CapStore contacts;
    private final DecisionRecorder records;
    private final Identities identities;
    private final Outbox outbox;
    private final Journeys journeys;
    private final EventGroupCommit eventWriter;

    CustomerErasure(ProfileService profiles, EventStore events, CapStore contacts, DecisionRecorder records,
                    Identities identities, Outbox outbox, Journeys journeys, EventGroupCommit eventWriter) {
        this.eventWriter = eventWriter;
        this.profiles = profiles;
        this.events = events;
        this.contacts = contacts;
        this.records = records;
        this.identities = identities;
        this.outbox = outbox;
        this.journeys = journeys;
    }

    /** @return true when anything was stored for the id */
    @Transactional
    public boolean erase(String customerId) {
        List<String> aliases = identities.aliasesOf(customerId);
        identities.forgetAliases(customerId);
        boolean hadProfile = profiles.delete(customerId);
        // Events still held for the database (here or in the Redis backlog) must not land after the erasure.
        eventWriter.forget(customerId);
        aliases.forEach(eventWriter::forget);
        long events = this.events.deleteAll(customerId);
        long decisions = records.erase(customerId);
        outbox.forget(customerId);
        journeys.forget(customerId);
        // Contacts last: if the database part fails, nothing is half-erased in a way a retry cannot finish.
        contacts.forget(customerId);
        aliases.forEach(contacts::forget);
        return hadProfile || events > 0 || decisions > 0;
    }
}
