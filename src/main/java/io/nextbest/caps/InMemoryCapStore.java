package io.nextbest.caps;

import io.nextbest.facts.CapDeclaration.CapCheck;
import io.nextbest.facts.Contact;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Caps for a single process (the embedded default): the same semantics as Redis, one lock per customer. */
public class InMemoryCapStore implements CapStore {
    private final Map<String, List<Contact>> contacts = new ConcurrentHashMap<>();
    private final Map<String, String> stamps = new ConcurrentHashMap<>();
    private final Duration retention;

    public InMemoryCapStore(Duration retention) {
        this.retention = retention;
    }

    @Override
    public List<Contact> history(String customerId, Instant from, Instant to) {
        List<Contact> log = contacts.getOrDefault(customerId, List.of());
        synchronized (log) {
            return log.stream().filter(c -> c.at().isAfter(from) && (to == null || !c.at().isAfter(to))).toList();
        }
    }

    @Override
    public ContactSnapshot snapshot(String customerId, Instant from, Instant to) {
        String stamp = stamps.computeIfAbsent(customerId, id -> UUID.randomUUID().toString());
        return new ContactSnapshot(history(customerId, from, to), stamp);
    }

    @Override
    public String restamp(String customerId, String newStamp) {
        return stamps.put(customerId, newStamp);
    }

    @Override
    public Reservations reserveAll(String customerId, List<Request> requests, String newStamp) {
        List<Contact> log = contacts.computeIfAbsent(customerId, id -> new ArrayList<>());
        synchronized (log) {
            String replaced = newStamp == null ? null : stamps.put(customerId, newStamp);
            List<Optional<CapCheck>> full = new ArrayList<>(requests.size());
            for (Request request : requests) {
                full.add(reserve(log, request.contact(), request.checks()));
            }
            return new Reservations(full, replaced);
        }
    }

    /** One contact, under the customer's lock. */
    private Optional<CapCheck> reserve(List<Contact> log, Contact contact, List<CapCheck> checks) {
        if (log.removeIf(existing -> existing.id().equals(contact.id()))) {
            log.add(contact);
            log.sort(Comparator.comparing(Contact::at));
            return Optional.empty();
        }
        for (CapCheck check : checks) {
            long count = log.stream().filter(existing -> check.counts(existing)).count();
            if (count >= check.max()) {
                return Optional.of(check);
            }
        }
        log.add(contact);
        log.sort(Comparator.comparing(Contact::at));
        log.removeIf(c -> c.at().isBefore(contact.at().minus(retention)));
        return Optional.empty();
    }

    @Override
    public void release(String customerId, Contact contact) {
        List<Contact> log = contacts.getOrDefault(customerId, List.of());
        synchronized (log) {
            log.removeIf(c -> c.id().equals(contact.id()));
        }
    }

    @Override
    public void forget(String customerId) {
        contacts.remove(customerId);
    }
}
