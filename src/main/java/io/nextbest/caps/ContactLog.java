package io.nextbest.caps;

import io.nextbest.facts.Contact;
import java.time.Instant;
import java.util.List;

/** The record of contacts made with each customer: what caps and recency conditions are computed from. */
public interface ContactLog {
    /** The customer's contacts in {@code (from, to]}, oldest first. */
    List<Contact> history(String customerId, Instant from, Instant to);

    void record(String customerId, List<Contact> contacts);
}
