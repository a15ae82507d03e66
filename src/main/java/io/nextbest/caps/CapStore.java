package io.nextbest.caps;

import io.nextbest.facts.CapDeclaration.CapCheck;
import io.nextbest.facts.Contact;
import java.time.Instant;
import java.util.List;
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
    /** The customer's contacts in {@code (from, to]}, oldest first; {@code to} null: every contact after {@code from}. */
    List<Contact> history(String customerId, Instant from, Instant to);

    /** The customer's contacts in {@code (from, to]} ({@code to} null: open-ended), oldest first, and their state stamp, read together. */
    ContactSnapshot snapshot(String customerId, Instant from, Instant to);

    /**
     * Gives the customer a new state stamp, so every replica's cached copy of them is out of date.
     *
     * @return the stamp it replaced, or null when they had none
     */
    String restamp(String customerId, String newStamp);

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
    default Optional<CapCheck> reserve(String customerId, Contact contact, List<CapCheck> checks) {
        return reserveAll(customerId, List.of(new Request(contact, checks)), null).full().get(0);
    }

    /**
     * Reserves a decision's contacts in one atomic step (and one round trip): each in turn, as {@link #reserve}
     * would, counted against its caps with the ones before it that were recorded. With {@code newStamp}, gives
     * the customer that state stamp in the same step, whatever the answers: a decision that stored events tells
     * the other replicas in the round trip it makes to reserve anyway.
     *
     * @param newStamp the customer's new state stamp, or null to leave it
     */
    Reservations reserveAll(String customerId, List<Request> requests, String newStamp);

    /** A contact to reserve and the checks of every cap it falls under. */
    record Request(Contact contact, List<CapCheck> checks) {
    }

    /**
     * What {@link #reserveAll} did.
     *
     * @param full          for each request, in order: empty when its contact was recorded, else the first check that was full
     * @param replacedStamp the stamp the new one replaced, or null when none was set or the customer had none
     */
    record Reservations(List<Optional<CapCheck>> full, String replacedStamp) {
    }

    /** Takes back a reservation this decision no longer uses. */
    void release(String customerId, Contact contact);

    /** Removes every contact of the customer (erasure). */
    void forget(String customerId);

    /**
     * One cheap round trip, so the store's status is current when no decision calls it (see
     * {@link ContactStoreMonitor}); Redis also tells there whether it lost its data. Nothing to do in process.
     */
    default void ping() {
    }
}
