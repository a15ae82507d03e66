package io.nextbest.api;

import io.nextbest.decision.DecisionQuery;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * A request for the next best action. {@code at} sets the decision's "now" (to replay or test a moment);
 * {@code dryRun} decides without storing events or counting contacts.
 */
public record DecisionRequest(
        @CustomerId String customerId,
        @Size(max = 32) @Pattern(regexp = ApiPatterns.NAME, message = ApiPatterns.NAME_MESSAGE) String channel,
        OffsetDateTime at,
        @Size(max = 100) List<@Valid @NotNull EventInput> events,
        @Size(max = 50) Map<String, Object> context,
        @Min(1) @Max(10) Integer limit,
        Boolean dryRun) {

    static final int DEFAULT_LIMIT = 1;

    DecisionQuery toQuery() {
        return new DecisionQuery(customerId, channel, at == null ? null : at.toInstant(),
                events == null ? List.of() : events.stream().map(EventInput::toIncoming).toList(),
                context, limit == null ? DEFAULT_LIMIT : limit, Boolean.TRUE.equals(dryRun));
    }
}
