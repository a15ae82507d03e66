package io.nextbest.decision;

import io.nextbest.caps.CapStore;
import io.nextbest.events.EventStore;
import io.nextbest.events.IncomingEvent;
import io.nextbest.events.StoredEvent;
import io.nextbest.facts.CapDeclaration;
import io.nextbest.facts.Contact;
import io.nextbest.facts.ContactCaps;
import io.nextbest.facts.ContactHistory;
import io.nextbest.facts.Context;
import io.nextbest.facts.Customer;
import io.nextbest.facts.Event;
import io.nextbest.facts.Journey;
import io.nextbest.facts.QuietHours;
import io.nextbest.profile.ConsentEvents;
import io.nextbest.state.CustomerRead;
import io.nextbest.state.CustomerReader;
import io.nextbest.state.CustomerState;
import io.nextbest.state.CustomerState.HistoryEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/** Gathers the facts of one decision: the profile, the history, the contacts and the moment. */
@ApplicationScoped
public class FactAssembler {
    private static final Logger LOG = Logger.getLogger(FactAssembler.class);

    private final CustomerReader customers;
    private final EventStore events;
    private final CapStore capStore;
    private final DecisionConfig config;

    FactAssembler(CustomerReader customers, EventStore events, CapStore capStore, DecisionConfig config) {
        this.customers = customers;
        this.events = events;
        this.capStore = capStore;
        this.config = config;
    }

    /** The facts as they stood at {@code now}, contacts counted then too (replays, simulations). */
    public DecisionFacts assemble(DecisionQuery query, List<IncomingEvent> current, Instant now, List<CapDeclaration> caps) {
        return assemble(query, current, now, ContactsMoment.asOf(now), caps, null);
    }

    /**
     * The facts read straight from the database (journey steps, replays, simulations).
     *
     * @param current the request's events, already given ids and times
     * @param contacts when the caps' windows end, and whether contacts made after it count
     * @param caps    the active ruleset's caps
     * @param dueJourneyId the enrolment whose due step the scheduler is deciding, or null
     */
    public DecisionFacts assemble(DecisionQuery query, List<IncomingEvent> current, Instant now, ContactsMoment contacts,
                                  List<CapDeclaration> caps, String dueJourneyId) {
        CustomerRead read = customers.readUncached(query.customerId(), contactsFrom(caps, contacts.at()), contacts.readUpTo());
        return assemble(read, query, current, now, contacts.at(), caps, dueJourneyId);
    }

    /**
     * The facts of a customer already read (a request's decision reads them before storing its events).
     *
     * @param now        the rules' moment (a request's "at")
     * @param contactsAt the moment the caps' windows end: the service's clock for anything that reserves
     */
    public DecisionFacts assemble(CustomerRead read, DecisionQuery query, List<IncomingEvent> current, Instant now,
                                  Instant contactsAt, List<CapDeclaration> caps, String dueJourneyId) {
        CustomerState state = read.state();
        Customer customer = withConsentChanges(state.customer(), current);
        List<Event> facts = new ArrayList<>();
        Set<String> currentIds = current.stream().map(IncomingEvent::id).collect(Collectors.toSet());
        for (IncomingEvent event : current) {
            facts.add(new Event(event.id(), event.type(), event.occurredAt(), event.channel(), event.attributes(), true, now));
        }
        for (HistoryEvent stored : history(state, now, currentIds)) {
            facts.add(new Event(stored.id(), stored.type(), stored.occurredAt(), stored.channel(), stored.attributes(), false, now));
        }
        Context context = new Context(now, customer.getTimezone(), query.channel(), query.limit(), query.context());
        String quiet = state.quietHours() != null ? state.quietHours() : config.defaultQuietHours();
        List<Journey> journeys = state.journeys().stream()
                .map(e -> new Journey(e.id(), e.journey(), e.step(), e.enrolledAt(), e.stepSince(), e.id().equals(dueJourneyId),
                        e.attributes(), now))
                .toList();
        DecisionFacts withoutContacts = new DecisionFacts(customer, facts, context, QuietHours.parse(quiet, context),
                null, null, journeys);
        return read.contactsKnown()
                ? withContacts(withoutContacts, caps, read.contacts(), Set.of(), contactsAt)
                : withoutContacts(withoutContacts, caps, contactsAt);
    }

    /** Where the contacts a decision needs begin: the longest cap window, or the rules' contact history. */
    public Instant contactsFrom(List<CapDeclaration> caps, Instant now) {
        Duration reach = caps.stream().map(CapDeclaration::reach).max(Duration::compareTo).orElse(Duration.ZERO);
        Duration history = Duration.ofDays(config.contactHistoryDays());
        return now.minus(reach.compareTo(history) > 0 ? reach : history);
    }

    /**
     * Reads the customer's contacts (again) into the facts.
     *
     * @param held contact ids this decision has already reserved
     */
    public DecisionFacts withFreshContacts(DecisionFacts facts, List<CapDeclaration> caps, Set<String> held) {
        // Every contact made since counts, also one after this decision's moment (see CapCheck.counts).
        return withContactsUpTo(facts, caps, held, null);
    }

    /**
     * Reads the contacts made up to {@code upTo} (replay: the contacts before a recorded decision; null: every
     * one made since the caps' windows begin).
     */
    public DecisionFacts withContactsUpTo(DecisionFacts facts, List<CapDeclaration> caps, Set<String> held, Instant upTo) {
        Instant countedAt = facts.caps().getCountedAt();
        List<Contact> contacts;
        try {
            contacts = capStore.history(facts.customer().getId(), contactsFrom(caps, countedAt), upTo);
        } catch (RuntimeException storeDown) {
            LOG.warnf("Contact history unavailable for %s: %s", facts.customer().getId(), storeDown.getMessage());
            return withoutContacts(facts, caps, countedAt);
        }
        return withContacts(facts, caps, contacts, held, countedAt);
    }

    private static DecisionFacts withContacts(DecisionFacts facts, List<CapDeclaration> caps, List<Contact> contacts,
                                              Set<String> held, Instant now) {
        var ownPrefix = facts.stepContactPrefix();
        if (ownPrefix.isPresent()) {
            // An earlier attempt of this very step reserved these and never committed: nothing was sent.
            contacts = contacts.stream().filter(contact -> !contact.id().startsWith(ownPrefix.get())).toList();
        }
        return facts.withContacts(new ContactHistory(contacts, now),
                new ContactCaps(caps, contacts, now, facts.customer().getTimezone(), held));
    }

    /** The rules see that caps cannot be checked and hold contacts back. */
    private static DecisionFacts withoutContacts(DecisionFacts facts, List<CapDeclaration> caps, Instant now) {
        return facts.withContacts(new ContactHistory(List.of(), now),
                ContactCaps.unavailable(caps, now, facts.customer().getTimezone()));
    }

    /** The stored events the rules see, from the customer's state when it can tell, else from the database. */
    private List<HistoryEvent> history(CustomerState state, Instant now, Set<String> currentIds) {
        Instant from = now.minus(Duration.ofDays(config.historyDays()));
        List<HistoryEvent> known = state.historyBetween(from, now, currentIds, config.historyMaxEvents());
        if (known != null) {
            return known;
        }
        List<HistoryEvent> read = new ArrayList<>();
        for (StoredEvent stored : events.history(state.id(), from, now, currentIds, config.historyMaxEvents())) {
            read.add(new HistoryEvent(stored.id, stored.type, stored.occurredAt, stored.channel, stored.attributes));
        }
        return read;
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
