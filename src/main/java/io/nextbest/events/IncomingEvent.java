package io.nextbest.events;

import java.time.Instant;
import java.util.Map;

/** An event as received, before it is stored; {@code id} is the caller's, or generated when it sent none. */
public record IncomingEvent(String id, String type, Instant occurredAt, String channel, Map<String, Object> attributes) {
    public IncomingEvent {
        attributes = attributes == null ? Map.of() : attributes;
    }
}
