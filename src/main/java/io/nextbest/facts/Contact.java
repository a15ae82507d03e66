package io.nextbest.facts;

import java.time.Instant;

/** One past contact with the customer: an action the service returned (dry runs excluded). */
public record Contact(String actionId, String channel, String category, Instant at) {
}
