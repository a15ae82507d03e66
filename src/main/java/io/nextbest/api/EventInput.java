package io.nextbest.api;

import io.nextbest.events.IncomingEvent;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.Map;

/** An event as a caller sends it. Only the type is required. */
public record EventInput(
        @Size(max = 128) String id,
        @NotBlank @Size(max = 64) @Pattern(regexp = ApiPatterns.NAME, message = ApiPatterns.NAME_MESSAGE) String type,
        OffsetDateTime occurredAt,
        @Size(max = 32) @Pattern(regexp = ApiPatterns.NAME, message = ApiPatterns.NAME_MESSAGE) String channel,
        @Size(max = 50) Map<String, Object> attributes) {

    IncomingEvent toIncoming() {
        return new IncomingEvent(id, type, occurredAt == null ? null : occurredAt.toInstant(), channel, attributes);
    }
}
