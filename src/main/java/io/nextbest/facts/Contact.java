package io.nextbest.facts;

import java.time.Instant;

/**
 * One contact with the customer: an action the service returned (dry runs excluded), counted from the
 * moment it was decided. {@code id} is unique per contact, so two contacts in one millisecond count twice.
 */
public record Contact(String id, String actionId, String channel, String category, Instant at) {
}
