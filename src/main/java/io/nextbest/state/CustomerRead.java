package io.nextbest.state;

import io.nextbest.facts.Contact;
import java.util.List;

/**
 * A customer as one decision reads them.
 *
 * @param state    the customer the id stands for (an alias is resolved)
 * @param contacts their contacts, or null when the contact store did not answer
 * @param stamp    the state stamp {@code state} is current for, or null when it was read without one
 */
public record CustomerRead(CustomerState state, List<Contact> contacts, String storeError, String stamp) {
    public boolean contactsKnown() {
        return contacts != null;
    }
}
