package io.nextbest.decision;

import io.nextbest.facts.ContactCaps;
import io.nextbest.facts.ContactHistory;
import io.nextbest.facts.Context;
import io.nextbest.facts.Customer;
import io.nextbest.facts.Event;
import io.nextbest.facts.QuietHours;
import java.util.List;

/** Everything a decision's rules see, gathered before the session starts. */
public record DecisionFacts(Customer customer, List<Event> events, Context context, QuietHours quietHours,
                            ContactHistory contacts, ContactCaps caps) {
    public DecisionFacts {
        events = List.copyOf(events);
    }

    /** The same decision with the contacts read again, e.g. after losing a race for a cap. */
    public DecisionFacts withContacts(ContactHistory freshContacts, ContactCaps freshCaps) {
        return new DecisionFacts(customer, events, context, quietHours, freshContacts, freshCaps);
    }
}
