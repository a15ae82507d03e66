package io.nextbest.decision;

import io.nextbest.facts.ContactCaps;
import io.nextbest.facts.ContactHistory;
import io.nextbest.facts.Context;
import io.nextbest.facts.Customer;
import io.nextbest.facts.Event;
import io.nextbest.facts.Journey;
import io.nextbest.facts.QuietHours;
import java.util.List;

/** Everything a decision's rules see, gathered before the session starts. */
public record DecisionFacts(Customer customer, List<Event> events, Context context, QuietHours quietHours,
                            ContactHistory contacts, ContactCaps caps, List<Journey> journeys) {
    public DecisionFacts {
        events = List.copyOf(events);
        journeys = List.copyOf(journeys);
    }

    /** Facts of a customer in no journey. */
    public DecisionFacts(Customer customer, List<Event> events, Context context, QuietHours quietHours,
                         ContactHistory contacts, ContactCaps caps) {
        this(customer, events, context, quietHours, contacts, caps, List.of());
    }

    /** The journey whose step this decision is, if the scheduler is deciding one. */
    public java.util.Optional<Journey> dueJourney() {
        return journeys.stream().filter(Journey::isDue).findFirst();
    }

    /**
     * How this decision's contacts are named when it is a journey step: after the step, so that a retry of a
     * step whose replica died between reserving and committing finds its own reservations (and neither counts
     * them against its caps nor reserves twice). Empty for a request's decision: its contacts get random ids.
     */
    public java.util.Optional<String> stepContactPrefix() {
        return dueJourney().map(journey -> "step:" + journey.getId() + ":" + journey.getStep() + ":"
                + journey.getStepSince().toEpochMilli() + ":");
    }

    /** The same decision with the contacts read again, e.g. after losing a race for a cap. */
    public DecisionFacts withContacts(ContactHistory freshContacts, ContactCaps freshCaps) {
        return new DecisionFacts(customer, events, context, quietHours, freshContacts, freshCaps, journeys);
    }
}
