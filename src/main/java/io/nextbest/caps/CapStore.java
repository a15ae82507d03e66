package io.nextbest.caps;

import io.nextbest.facts.CapDeclaration.CapCheck;
import io.nextbest.facts.Contact;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The contacts made with each customer, and the atomic reservation that keeps caps exact: a contact is
 * recorded only if, at that instant, no cap it falls under is full.
 */
public interface CapStore {
    /** The customer's contacts in {@code (from, to]}, oldest first. */
    List<Contact> history(String customerId, Instant from, Instant to);

    /**
     * Checks every cap and records the contact, as one atomic step.
     *
     * @return empty when the contact was recorded; otherwise the first check that was full
     */
    Optional<CapCheck> reserve(String customerId, Contact contact, List<CapCheck> checks);

    /** Takes back a reservation this decision no longer uses. */
    void release(String customerId, Contact contact);

    /** Removes every contact of the customer (erasure). */
    void forget(String customerId);
}
