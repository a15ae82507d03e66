package io.nextbest.caps;

import io.nextbest.facts.Contact;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** An in-process contact log for a single replica (the embedded default). Keeps 90 days per customer. */
@ApplicationScoped
public class InMemoryContactLog implements ContactLog {
    static final Duration RETENTION = Duration.ofDays(90);

    private final Map<String, List<Contact>> contacts = new ConcurrentHashMap<>();

    @Override
    public List<Contact> history(String customerId, Instant from, Instant to) {
        List<Contact> all = contacts.getOrDefault(customerId, List.of());
        synchronized (all) {
            return all.stream().filter(c -> c.at().isAfter(from) && !c.at().isAfter(to)).toList();
        }
    }

    @Override
    public void record(String customerId, List<Contact> made) {
        if (made.isEmpty()) {
            return;
        }
        List<Contact> log = contacts.computeIfAbsent(customerId, id -> new ArrayList<>());
        synchronized (log) {
            log.addAll(made);
            log.sort(Comparator.comparing(Contact::at));
            Instant newest = log.get(log.size() - 1).at();
            log.removeIf(c -> c.at().isBefore(newest.minus(RETENTION)));
        }
    }
}
