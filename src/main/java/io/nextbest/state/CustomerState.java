package io.nextbest.state;

import io.nextbest.facts.Customer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the database knows of one customer that a decision reads: who they are (or whose alias the id is),
 * their newest stored events and their active journeys. Immutable, so one copy can serve concurrent
 * decisions from the cache.
 *
 * @param aliasOf      the customer this id was linked to, or null when the id is a customer of its own
 * @param quietHours   the profile's quiet hours, or null for the service default
 * @param history      the newest stored events, newest first, at most the loader's limit
 * @param wholeHistory true when {@code history} is every event stored for the customer
 */
public record CustomerState(String id, String aliasOf, Customer customer, String quietHours, List<HistoryEvent> history,
                            boolean wholeHistory, List<ActiveEnrolment> journeys) {
    public CustomerState {
        history = List.copyOf(history);
        journeys = List.copyOf(journeys);
    }

    static CustomerState aliasOf(String id, String customerId) {
        return new CustomerState(id, customerId, null, null, List.of(), true, List.of());
    }

    /**
     * The same customer after {@code stored} were stored too, still the newest {@code limit}: an event
     * older than all kept ones is left out unless the history is whole, because the events between it
     * and the kept ones are not known here.
     */
    CustomerState withStored(List<HistoryEvent> stored, int limit) {
        Set<String> known = new HashSet<>();
        history.forEach(event -> known.add(event.id()));
        Instant oldest = history.isEmpty() ? null : history.get(history.size() - 1).occurredAt();
        List<HistoryEvent> merged = new ArrayList<>(history);
        for (HistoryEvent event : stored) {
            boolean beyondKnown = !wholeHistory && oldest != null && event.occurredAt().isBefore(oldest);
            if (!beyondKnown && known.add(event.id())) {
                merged.add(event);
            }
        }
        merged.sort(Comparator.comparing(HistoryEvent::occurredAt).reversed());
        boolean whole = wholeHistory && merged.size() <= limit;
        List<HistoryEvent> kept = merged.size() > limit ? merged.subList(0, limit) : merged;
        return new CustomerState(id, aliasOf, customer, quietHours, kept, whole, journeys);
    }

    /**
     * The stored events in {@code (from, to]}, newest first, at most {@code limit}, without
     * {@code excludedIds}; or null when this copy cannot tell (events after {@code to} took the places of
     * older ones it did not keep), and the database must be asked.
     */
    public List<HistoryEvent> historyBetween(Instant from, Instant to, Set<String> excludedIds, int limit) {
        List<HistoryEvent> found = new ArrayList<>();
        for (HistoryEvent event : history) {
            if (found.size() == limit) {
                return found;
            }
            if (event.occurredAt().isAfter(from) && !event.occurredAt().isAfter(to) && !excludedIds.contains(event.id())) {
                found.add(event);
            }
        }
        boolean coversWindow = wholeHistory
                || (!history.isEmpty() && !history.get(history.size() - 1).occurredAt().isAfter(from));
        return coversWindow ? found : null;
    }

    /** A stored event as the rules will see it (its age is computed per decision). */
    public record HistoryEvent(String id, String type, Instant occurredAt, String channel, Map<String, Object> attributes) {
        public HistoryEvent {
            attributes = attributes == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attributes));
        }
    }

    /** An active journey enrolment as the rules will see it. */
    public record ActiveEnrolment(String id, String journey, String step, Instant enrolledAt, Instant stepSince,
                                  Map<String, Object> attributes) {
        public ActiveEnrolment {
            attributes = attributes == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attributes));
        }
    }
}
