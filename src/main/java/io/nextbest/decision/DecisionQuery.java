package io.nextbest.decision;

import io.nextbest.events.IncomingEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a caller asks: the customer, where they are, what they just did. {@code at} moves the decision's
 * "now" (null: the clock); events without id, time or channel get a generated id, {@code at} and the
 * request's channel.
 */
public record DecisionQuery(String customerId, String channel, Instant at, List<IncomingEvent> events,
                            Map<String, Object> context, int limit, boolean dryRun) {
    public DecisionQuery {
        events = events == null ? List.of() : List.copyOf(events);
        context = context == null ? Map.of() : context;
    }

    /** The same request as a dry run. */
    public DecisionQuery asDryRun() {
        return new DecisionQuery(customerId, channel, at, events, context, limit, true);
    }

    /** The same request, for the customer an alias stands for. */
    public DecisionQuery forCustomer(String canonicalId) {
        return new DecisionQuery(canonicalId, channel, at, events, context, limit, dryRun);
    }
}
