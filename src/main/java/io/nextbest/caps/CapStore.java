package io.nextbest.caps;

import io.nextbest.facts.CapDeclaration.CapCheck;
import io.nextbest.facts.Contact;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The contacts made with each customer, and the atomic reservation that keeps caps exact: a contact is
 * recorded only if, at that instant, no cap it falls under is full.
 *
 * <p>The store also keeps each customer's <em>state stamp</em>: a token that changes whenever what the
 * database knows of the customer changes. Replicas cache customers' profiles and histories and check
 * them against the stamp, which a decision reads in the same round trip as the contacts.
 */
public interface CapStore {
    /** The customer's contacts in {@code (from, to]}, oldest first. */
    List<Contact> history(String customerId, Instant from, Instant to);

    /** The customer's contacts in {@code (from, to]}, oldest first, and their state stamp, read together. */
    ContactSnapshot snapshot(String customerId, Instant from, Instant to);

    /**
     * Gives the customer a new state stamp, so every replica's cached copy of them is out of date.
     *
     * @return the stamp it replaced, or null when they had none
     */
    String restamp(String customerId, String newStamp);

    /**
     * Gives each customer a new state stamp, all at once (one round trip's wait rather than one each).
     *
     * @param newStamps customer id → new stamp
     * @return customer id → the stamp it replaced (absent when they had none)
     */
    default Map<String, String> restampAll(Map<String, String> newStamps) {
        Map<String, String> replaced = new HashMap<>();
        newStamps.forEach((customerId, stamp) -> {
            String old = restamp(customerId, stamp);
            if (old != null) {
                replaced.put(customerId, old);
            }
        });
        return replaced;
    }

    /** Contacts and the state stamp read at one moment. */
    record ContactSnapshot(List<Contact> contacts, String stamp) {
    }

    /**
     * Checks every cap and records the contact, as one atomic step. A contact already recorded under the same
     * id is held already (a journey step retried after a replica died between reserving and committing): it
     * is moved to the contact's time and no cap is checked again.
     *
     * @return empty when the contact was recorded; otherwise the first check that was full
     */
    Optional<CapCheck> reserve(String customerId, Contact contact, List<CapCheck> checks);

    /** Takes back a reservation this decision no longer uses. */
    void release(String customerId, Contact contact);

    /** Removes every contact of the customer (erasure). */
    void forget(String customerId);
}
