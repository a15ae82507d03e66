package io.nextbest.decision;

import io.nextbest.events.EventsInFlight;
import io.nextbest.state.CustomerChanges.Restamp;

/**
 * What a decision changes of its customer, in the order the guarantees need: its events, committed while the
 * rules run and safe before anything is reserved; the new state stamp that tells the other replicas, carried by
 * the reservation's round trip or sent on its own, always before the answer; and the stamp this replica's copy
 * is current for afterwards, so the decision's journey moves can patch that copy instead of dropping it.
 */
final class CustomerUpdate {
    private final String stampRead;
    private final EventsInFlight events;
    private Restamp restamp;

    /** @param stampRead the state stamp of the customer copy the decision is made from */
    CustomerUpdate(String stampRead, EventsInFlight events) {
        this.stampRead = stampRead;
        this.events = events;
    }

    /**
     * Returns once the events are safe (committed, or in the backlog of a slow database); throws when they were
     * refused, and then nothing of the decision may take effect.
     *
     * @return the restamp they owe, for the reservation to carry
     */
    Restamp eventsStored() {
        if (restamp == null) {
            restamp = events.await();
        }
        return restamp;
    }

    /** Tells the other replicas of the stored events, unless the reservation did; once, before any answer. */
    void announce() {
        eventsStored().send();
    }

    /** The stamp the deciding copy is current for once announced: null when another change came in between. */
    String stampNow() {
        return eventsStored().stampAfter(stampRead);
    }
}
