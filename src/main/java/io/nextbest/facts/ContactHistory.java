package io.nextbest.facts;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The customer's recent contacts, for recency and cap conditions:
 * {@code ContactHistory( countOnChannel("sms", 24) >= 1 )} reads "an SMS in the last 24 hours".
 * Windows are in hours back from the moment contacts are counted at: the service's clock for a real
 * decision. A contact after that moment (reserved meanwhile by another decision for the customer) counts.
 */
public final class ContactHistory {
    private final List<Contact> contacts;
    private final Instant now;

    public ContactHistory(List<Contact> contacts, Instant now) {
        this.contacts = List.copyOf(contacts);
        this.now = now;
    }

    public List<Contact> getContacts() {
        return contacts;
    }

    public long countAll(double hours) {
        return contacts.stream().filter(c -> inWindow(c, hours)).count();
    }

    public long countOnChannel(String channel, double hours) {
        return contacts.stream().filter(c -> c.channel().equals(channel) && inWindow(c, hours)).count();
    }

    public long countOfAction(String actionId, double hours) {
        return contacts.stream().filter(c -> c.actionId().equals(actionId) && inWindow(c, hours)).count();
    }

    public long countInCategory(String category, double hours) {
        return contacts.stream().filter(c -> category.equals(c.category()) && inWindow(c, hours)).count();
    }

    /** Hours since the last contact on the channel; a very large number when there was none. */
    public double hoursSinceLastOn(String channel) {
        return contacts.stream()
                .filter(c -> c.channel().equals(channel))
                .map(c -> Math.max(0, Duration.between(c.at(), now).toSeconds() / 3600.0))
                .min(Double::compare)
                .orElse(Double.MAX_VALUE);
    }

    @Override
    public String toString() {
        return "ContactHistory[" + contacts.size() + " contact(s)]";
    }

    private boolean inWindow(Contact contact, double hours) {
        Instant from = now.minusSeconds((long) (hours * 3600));
        return contact.at().isAfter(from);
    }
}
