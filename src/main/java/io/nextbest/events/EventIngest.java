package io.nextbest.events;

import io.nextbest.profile.ConsentEvents;
import io.nextbest.profile.Identities;
import io.nextbest.profile.ProfileService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Stores a batch of events for many customers in one transaction: all of it, or nothing on failure. */
@ApplicationScoped
public class EventIngest {
    private final EventStore events;
    private final ProfileService profiles;
    private final Identities identities;
    private final Clock clock;

    EventIngest(EventStore events, ProfileService profiles, Identities identities, Clock clock) {
        this.events = events;
        this.profiles = profiles;
        this.identities = identities;
        this.clock = clock;
    }

    public record CustomerEvent(String customerId, IncomingEvent event) {
    }

    /** @return how many events were new; the rest were already stored (replays) */
    @Transactional
    public int ingest(List<CustomerEvent> batch) {
        Instant now = clock.instant();
        Map<String, List<IncomingEvent>> byCustomer = new LinkedHashMap<>();
        for (CustomerEvent item : batch) {
            IncomingEvent event = item.event();
            IncomingEvent complete = event.occurredAt() != null ? event
                    : new IncomingEvent(event.id(), event.type(), now, event.channel(), event.attributes());
            byCustomer.computeIfAbsent(identities.canonical(item.customerId()), id -> new ArrayList<>()).add(complete);
        }
        int stored = 0;
        for (Map.Entry<String, List<IncomingEvent>> customer : byCustomer.entrySet()) {
            stored += events.store(customer.getKey(), customer.getValue(), now);
            customer.getValue().stream().flatMap(event -> ConsentEvents.withdrawal(event).stream())
                    .forEach(withdrawal -> profiles.withdrawConsent(customer.getKey(), withdrawal.channel()));
        }
        return stored;
    }
}
