package io.nextbest.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/** A batch of events for any customers. Each event is checked on its own: bad ones are rejected, not the batch. */
public record EventBatchRequest(@NotNull @Size(min = 1, max = EventBatchRequest.MAX_EVENTS) List<BatchEvent> events) {
    static final int MAX_EVENTS = 1000;
}
