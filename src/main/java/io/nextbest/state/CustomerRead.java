package io.nextbest.state;

import io.nextbest.facts.Contact;
import java.util.List;

/**
 * A customer as one decision reads them.
 *
 * @param state    the customer the id stands for (an alias is resolved)
 * @param contacts their contacts, or null when the contact store did not answer
 */
public record CustomerRead(CustomerState state, List<Contact> contacts, String storeError) {
    public boolean contactsKnown() {
        return contacts != null;
    }
}
