package io.nextbest.api;

import io.nextbest.events.IncomingEvent;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.Map;

/** An event in a batch: the id is required, since it is what makes a replayed batch harmless. */
public record BatchEvent(
        @NotBlank @Size(max = 128) String id,
        @CustomerId String customerId,
        @NotBlank @Size(max = 64) @Pattern(regexp = ApiPatterns.NAME, message = ApiPatterns.NAME_MESSAGE) String type,
        OffsetDateTime occurredAt,
        @Size(max = 32) @Pattern(regexp = ApiPatterns.NAME, message = ApiPatterns.NAME_MESSAGE) String channel,
        @Size(max = 50) Map<String, Object> attributes) {

    IncomingEvent toIncoming() {
        return new IncomingEvent(id, type, occurredAt == null ? null : occurredAt.toInstant(), channel, attributes);
    }
}
