package io.nextbest.decision;

import io.nextbest.caps.ContactLog;
import io.nextbest.events.EventStore;
import io.nextbest.events.IncomingEvent;
import io.nextbest.events.StoredEvent;
import io.nextbest.facts.ContactHistory;
import io.nextbest.facts.Context;
import io.nextbest.facts.Customer;
import io.nextbest.facts.Event;
import io.nextbest.profile.ConsentEvents;
import io.nextbest.profile.CustomerProfile;
import io.nextbest.profile.ProfileService;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Gathers the facts of one decision: the profile, the history, the contacts and the moment. */
@ApplicationScoped
public class FactAssembler {
    private final ProfileService profiles;
    private final EventStore events;
    private final ContactLog contactLog;
    private final DecisionConfig config;

    FactAssembler(ProfileService profiles, EventStore events, ContactLog contactLog, DecisionConfig config) {
        this.profiles = profiles;
        this.events = events;
        this.contactLog = contactLog;
        this.config = config;
    }

    /** @param current the request's events, already given ids and times */
    public DecisionFacts assemble(DecisionQuery query, List<IncomingEvent> current, Instant now) {
        Customer customer = withConsentChanges(customer(query.customerId()), current);
        List<Event> facts = new ArrayList<>();
        Set<String> currentIds = current.stream().map(IncomingEvent::id).collect(Collectors.toSet());
        for (IncomingEvent event : current) {
            facts.add(new Event(event.id(), event.type(), event.occurredAt(), event.channel(), event.attributes(), true, now));
        }
        Instant historyFrom = now.minus(Duration.ofDays(config.historyDays()));
        for (StoredEvent stored : events.history(query.customerId(), historyFrom, now, currentIds, config.historyMaxEvents())) {
            facts.add(new Event(stored.id, stored.type, stored.occurredAt, stored.channel, stored.attributes, false, now));
        }
        Context context = new Context(now, customer.getTimezone(), query.channel(), query.limit(), query.context());
        Instant contactsFrom = now.minus(Duration.ofDays(config.contactHistoryDays()));
        ContactHistory contacts = new ContactHistory(contactLog.history(query.customerId(), contactsFrom, now), now);
        return new DecisionFacts(customer, facts, context, contacts);
    }

    private Customer customer(String id) {
        ZoneId defaultZone = ZoneId.of(config.defaultTimezone());
        return profiles.find(id).map(profile -> fromProfile(profile, defaultZone))
                .orElseGet(() -> Customer.anonymous(id, defaultZone));
    }

    private static Customer fromProfile(CustomerProfile profile, ZoneId defaultZone) {
        Set<String> consented = profile.consents.entrySet().stream()
                .filter(consent -> Boolean.TRUE.equals(consent.getValue()))
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());
        Map<String, Double> scores = profile.scores.entrySet().stream()
                .filter(score -> score.getValue() instanceof Number)
                .collect(Collectors.toMap(Map.Entry::getKey, score -> ((Number) score.getValue()).doubleValue()));
        return new Customer(profile.id, profile.known, profile.segment, zoneOf(profile.timezone, defaultZone),
                profile.lifetimeValue, profile.journeyStage, profile.globalOptOut, consented, scores, profile.attributes);
    }

    private static ZoneId zoneOf(String timezone, ZoneId defaultZone) {
        try {
            return timezone == null ? defaultZone : ZoneId.of(timezone);
        } catch (DateTimeException unknownZone) {
            return defaultZone;
        }
    }

    /** An unsubscribe in this very request already counts, also in a dry run that stores nothing. */
    private static Customer withConsentChanges(Customer customer, List<IncomingEvent> current) {
        boolean optOut = customer.isGlobalOptOut();
        Set<String> consented = new HashSet<>(customer.getConsentedChannels());
        boolean changed = false;
        for (IncomingEvent event : current) {
            var withdrawal = ConsentEvents.withdrawal(event);
            if (withdrawal.isPresent()) {
                changed = true;
                if (withdrawal.get().everyChannel()) {
                    optOut = true;
                } else {
                    consented.remove(withdrawal.get().channel());
                }
            }
        }
        if (!changed) {
            return customer;
        }
        return new Customer(customer.getId(), customer.isKnown(), customer.getSegment(), customer.getTimezone(),
                customer.getLifetimeValue(), customer.getJourneyStage(), optOut, consented, customer.getScores(),
                customer.getAttributes());
    }
}
