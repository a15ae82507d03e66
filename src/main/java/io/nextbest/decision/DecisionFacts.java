package io.nextbest.decision;

import io.nextbest.facts.ContactHistory;
import io.nextbest.facts.Context;
import io.nextbest.facts.Customer;
import io.nextbest.facts.Event;
import java.util.List;

/** Everything a decision's rules see, gathered before the session starts. */
public record DecisionFacts(Customer customer, List<Event> events, Context context, ContactHistory contacts) {
    public DecisionFacts {
        events = List.copyOf(events);
    }
}
