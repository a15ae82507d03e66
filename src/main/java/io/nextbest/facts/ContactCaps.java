package io.nextbest.facts;

import io.nextbest.facts.CapDeclaration.CapCheck;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The caps table applied to this customer's contacts, so eligibility rules can ask
 * {@code ContactCaps( isExceededBy($candidate) )}. The service reserves against the very same caps when
 * it returns an action, atomically, so what rules see and what is enforced never disagree.
 */
public final class ContactCaps {
    private final List<CapDeclaration> caps;
    private final List<Contact> contacts;
    private final Instant now;
    private final ZoneId zone;
    private final Set<String> heldByThisDecision;
    private final boolean unavailable;

    /** @param heldByThisDecision contact ids this decision already reserved (they do not count against themselves) */
    public ContactCaps(List<CapDeclaration> caps, List<Contact> contacts, Instant now, ZoneId zone,
                       Set<String> heldByThisDecision) {
        this(caps, contacts, now, zone, heldByThisDecision, false);
    }

    private ContactCaps(List<CapDeclaration> caps, List<Contact> contacts, Instant now, ZoneId zone,
                        Set<String> heldByThisDecision, boolean unavailable) {
        this.caps = List.copyOf(caps);
        this.contacts = List.copyOf(contacts);
        this.now = now;
        this.zone = zone;
        this.heldByThisDecision = Set.copyOf(heldByThisDecision);
        this.unavailable = unavailable;
    }

    /** The contact store could not be read: no count is known, so no cap can be checked. */
    public static ContactCaps unavailable(List<CapDeclaration> caps, Instant now, ZoneId zone) {
        return new ContactCaps(caps, List.of(), now, zone, Set.of(), true);
    }

    /** True when the counts could not be read (the contact store is down); rules decide what that means. */
    public boolean isUnavailable() {
        return unavailable;
    }

    /** The moment the caps' windows end: the service's clock for a real decision, whatever the request's "at". */
    public Instant getCountedAt() {
        return now;
    }

    public List<CapDeclaration> getCaps() {
        return caps;
    }

    /** The checks that apply to a candidate; none for internal actions, which are no contact. */
    public List<CapCheck> checksFor(Candidate candidate) {
        if (candidate.isInternal()) {
            return List.of();
        }
        return caps.stream().flatMap(cap -> cap.checkFor(candidate, now, zone).stream()).toList();
    }

    public boolean isExceededBy(Candidate candidate) {
        return exceededCap(candidate).isPresent();
    }

    /** The first cap the candidate would break, in table order. */
    public Optional<CapDeclaration> exceededCap(Candidate candidate) {
        if (unavailable) {
            return Optional.empty();
        }
        return checksFor(candidate).stream()
                .filter(check -> count(check, candidate) >= check.max())
                .map(CapCheck::declaration)
                .findFirst();
    }

    /** The description of the cap the candidate would break, for a suppression's detail. */
    public String describeExceeded(Candidate candidate) {
        return exceededCap(candidate).map(CapDeclaration::description).orElse("");
    }

    @Override
    public String toString() {
        return "ContactCaps[" + caps.size() + " cap(s) over " + contacts.size() + " contact(s)]";
    }

    private long count(CapCheck check, Candidate candidate) {
        return contacts.stream()
                .filter(contact -> !isOwnReservation(contact, candidate))
                .filter(check::counts)
                .count();
    }

    /** A contact this decision already reserved for this very candidate does not count against it. */
    private boolean isOwnReservation(Contact contact, Candidate candidate) {
        return heldByThisDecision.contains(contact.id())
                && contact.actionId().equals(candidate.getActionId())
                && contact.channel().equals(candidate.getChannel());
    }
}
