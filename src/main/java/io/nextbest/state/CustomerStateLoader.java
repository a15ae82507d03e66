package io.nextbest.state;

import io.micrometer.core.annotation.Timed;
import io.nextbest.database.DatabaseStatus;
import io.nextbest.database.DatabaseUnavailableException;
import io.nextbest.decision.DecisionConfig;
import io.nextbest.events.StoredEvent;
import io.nextbest.facts.Customer;
import io.nextbest.journeys.JourneyEnrolment;
import io.nextbest.profile.CustomerAlias;
import io.nextbest.profile.CustomerProfile;
import io.nextbest.state.CustomerState.ActiveEnrolment;
import io.nextbest.state.CustomerState.HistoryEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads a customer's state from the database: alias, profile, newest events, active journeys. */
@ApplicationScoped
public class CustomerStateLoader {
    private final EntityManager entityManager;
    private final DecisionConfig config;
    private final DatabaseStatus database;

    CustomerStateLoader(EntityManager entityManager, DecisionConfig config, DatabaseStatus database) {
        this.entityManager = entityManager;
        this.config = config;
        this.database = database;
    }

    /** How many of the newest events a state keeps: what a decision may use, whatever its window. */
    public int historyLimit() {
        return config.historyMaxEvents();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    @Timed(value = "nextbest.db.duration", extraTags = {"operation", "customers.load"})
    public CustomerState load(String id) {
        // While the database is known to be down a customer who is not cached is refused at once (503),
        // not after a wait for connections that do not come.
        database.requireAvailable();
        try {
            return read(id);
        } catch (RuntimeException failed) {
            if (database.failedOn(failed)) {
                throw new DatabaseUnavailableException("Could not read customer " + id, failed);
            }
            throw failed;
        }
    }

    private CustomerState read(String id) {
        CustomerAlias alias = entityManager.find(CustomerAlias.class, id);
        if (alias != null) {
            return CustomerState.aliasOf(id, alias.customerId);
        }
        CustomerProfile profile = entityManager.find(CustomerProfile.class, id);
        int limit = historyLimit();
        List<HistoryEvent> history = entityManager.createQuery(
                        "from StoredEvent e where e.customerId = :customer order by e.occurredAt desc", StoredEvent.class)
                .setParameter("customer", id)
                .setMaxResults(limit + 1)
                .getResultList().stream()
                .map(e -> new HistoryEvent(e.id, e.type, e.occurredAt, e.channel, e.attributes))
                .toList();
        List<ActiveEnrolment> journeys = entityManager.createQuery(
                        "from JourneyEnrolment e where e.customerId = :customer and e.status = 'ACTIVE'", JourneyEnrolment.class)
                .setParameter("customer", id)
                .getResultList().stream()
                .map(e -> new ActiveEnrolment(e.id, e.journey, e.step, e.enrolledAt, e.stepSince, e.attributes))
                .toList();
        ZoneId defaultZone = ZoneId.of(config.defaultTimezone());
        Customer customer = profile == null ? Customer.anonymous(id, defaultZone) : customerOf(profile, defaultZone);
        String quietHours = profile == null || profile.quietHours == null || profile.quietHours.isBlank() ? null : profile.quietHours;
        boolean whole = history.size() <= limit;
        return new CustomerState(id, null, customer, quietHours, whole ? history : history.subList(0, limit), whole, journeys);
    }

    private static Customer customerOf(CustomerProfile profile, ZoneId defaultZone) {
        Set<String> consented = profile.consents.entrySet().stream()
                .filter(consent -> Boolean.TRUE.equals(consent.getValue()))
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());
        Map<String, Double> scores = profile.scores.entrySet().stream()
                .filter(score -> score.getValue() instanceof Number)
                .collect(Collectors.toMap(Map.Entry::getKey, score -> ((Number) score.getValue()).doubleValue()));
        return new Customer(profile.id, profile.known, profile.segment, zoneOf(profile.timezone, defaultZone),
                profile.lifetimeValue, profile.journeyStage, profile.globalOptOut, consented, scores, profile.attributes);
    }

    private static ZoneId zoneOf(String timezone, ZoneId defaultZone) {
        try {
            return timezone == null ? defaultZone : ZoneId.of(timezone);
        } catch (DateTimeException unknownZone) {
            return defaultZone;
        }
    }
}
