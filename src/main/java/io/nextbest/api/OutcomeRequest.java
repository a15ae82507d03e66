package io.nextbest.api;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;

/**
 * What became of an action: delivered, opened, clicked, converted (with a value), dismissed or
 * unsubscribed. {@code actionId} may be left out when the decision returned one action; {@code id} makes
 * a resent outcome harmless.
 */
public record OutcomeRequest(
        @Size(max = 128) String id,
        @Pattern(regexp = "delivered|opened|clicked|converted|dismissed|unsubscribed",
                message = "must be one of delivered, opened, clicked, converted, dismissed, unsubscribed")
        @jakarta.validation.constraints.NotNull String type,
        @Size(max = 128) String actionId,
        @DecimalMin("0") Double value,
        OffsetDateTime at) {
}
