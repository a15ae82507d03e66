package io.nextbest.caps;

import io.nextbest.facts.Contact;
import java.time.Instant;
import java.util.List;

/**
 * The contacts made with a customer as the decision records tell them: the source of truth that a contact
 * store which lost a customer's contacts rebuilds them from.
 */
public interface ContactRecords {
    /** Nothing on record (stores with nothing to rebuild from). */
    ContactRecords NONE = (customerId, from) -> List.of();

    /**
     * The customer's contacts counted after {@code from}, in any order, each under the id it was reserved with.
     *
     * @throws RuntimeException when the records cannot be read: the contacts are then not known
     */
    List<Contact> since(String customerId, Instant from);
}
