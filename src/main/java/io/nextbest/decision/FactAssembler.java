package io.nextbest.decision;

import io.nextbest.caps.CapStore;
import io.nextbest.events.EventStore;
import io.nextbest.events.IncomingEvent;
import io.nextbest.events.StoredEvent;
import io.nextbest.facts.CapDeclaration;
import io.nextbest.facts.ContactCaps;
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
import io.nextbest.facts.Contact;
import io.nextbest.facts.QuietHours;
import io.nextbest.journeys.Journeys;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Gathers the facts of one decision: the profile, the history, the contacts and the moment. */
@ApplicationScoped
public class FactAssembler {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(FactAssembler.class);

    private final ProfileService profiles;
    private final EventStore events;
    private final CapStore capStore;
    private final DecisionConfig config;
    private final Journeys journeys;

    FactAssembler(ProfileService profiles, EventStore events, CapStore capStore, DecisionConfig config, Journeys journeys) {
        this.profiles = profiles;
        this.events = events;
        this.capStore = capStore;
        this.config = config;
        this.journeys = journeys;
    }

    public DecisionFacts assemble(DecisionQuery query, List<IncomingEvent> current, Instant now, List<CapDeclaration> caps) {
        return assemble(query, current, now, caps, null);
    }

    /**
     * @param current the request's events, already given ids and times
     * @param caps    the active ruleset's caps
     * @param dueJourneyId the enrolment whose due step the scheduler is deciding, or null
     */
    public DecisionFacts assemble(DecisionQuery query, List<IncomingEvent> current, Instant now, List<CapDeclaration> caps,
                                  String dueJourneyId) {
        Optional<CustomerProfile> profile = profiles.find(query.customerId());
        Customer customer = withConsentChanges(customer(query.customerId(), profile), current);
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
        String quiet = profile.map(p -> p.quietHours).filter(hours -> hours != null && !hours.isBlank())
                .orElse(config.defaultQuietHours());
        DecisionFacts withoutContacts = new DecisionFacts(customer, facts, context, QuietHours.parse(quiet, context),
                null, null, journeys.active(query.customerId(), dueJourneyId, now));
        return withFreshContacts(withoutContacts, caps, Set.of());
    }

    /**
     * Reads the customer's contacts (again) into the facts.
     *
     * @param held contact ids this decision has already reserved
     */
    public DecisionFacts withFreshContacts(DecisionFacts facts, List<CapDeclaration> caps, Set<String> held) {
        return withContactsUpTo(facts, caps, held, facts.context().getNow());
    }

    /** Reads the contacts made up to {@code upTo} (replay: the contacts before a recorded decision). */
    public DecisionFacts withContactsUpTo(DecisionFacts facts, List<CapDeclaration> caps, Set<String> held, Instant upTo) {
        Instant now = facts.context().getNow();
        Duration reach = caps.stream().map(CapDeclaration::reach).max(Duration::compareTo).orElse(Duration.ZERO);
        Duration lookBack = reach.compareTo(Duration.ofDays(config.contactHistoryDays())) > 0
                ? reach : Duration.ofDays(config.contactHistoryDays());
        List<Contact> contacts;
        try {
            contacts = capStore.history(facts.customer().getId(), now.minus(lookBack), upTo);
        } catch (RuntimeException storeDown) {
            // Decide anyway: the rules see that caps cannot be checked and hold contacts back.
            LOG.warnf("Contact history unavailable for %s: %s", facts.customer().getId(), storeDown.getMessage());
            return facts.withContacts(new ContactHistory(List.of(), now),
                    ContactCaps.unavailable(caps, now, facts.customer().getTimezone()));
        }
        return facts.withContacts(new ContactHistory(contacts, now),
                new ContactCaps(caps, contacts, now, facts.customer().getTimezone(), held));
    }

    private Customer customer(String id, Optional<CustomerProfile> profile) {
        ZoneId defaultZone = ZoneId.of(config.defaultTimezone());
        return profile.map(found -> fromProfile(found, defaultZone))
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
