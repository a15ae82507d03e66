package io.nextbest.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Per rule, over the recorded decisions of a period: how often it fired, and what became of what it proposed. */
@ApplicationScoped
public class RuleStatistics {
    private final EntityManager entityManager;
    private final ObjectMapper json;

    RuleStatistics(EntityManager entityManager, ObjectMapper json) {
        this.entityManager = entityManager;
        this.json = json;
    }

    /** @param suppressedBy how many of its proposals were set aside, per reason */
    public record RuleStats(String rule, int fired, int selected, int suppressed, Map<String, Integer> suppressedBy) {
    }

    public record Report(Instant from, Instant to, int decisions, List<RuleStats> rules) {
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Report between(Instant from, Instant to, int maxDecisions) {
        List<DecisionRecord> records = entityManager.createQuery("""
                        from DecisionRecord r where r.decidedAt >= :from and r.decidedAt < :to and r.dryRun = false
                        order by r.decidedAt desc""", DecisionRecord.class)
                .setParameter("from", from)
                .setParameter("to", to)
                .setMaxResults(maxDecisions)
                .getResultList();
        Map<String, Counter> byRule = new TreeMap<>();
        for (DecisionRecord record : records) {
            try {
                for (JsonNode rule : json.readTree(record.firedRules)) {
                    byRule.computeIfAbsent(rule.asText(), Counter::new).fired++;
                }
                for (JsonNode action : json.readTree(record.actions)) {
                    byRule.computeIfAbsent(action.path("rule").asText(), Counter::new).selected++;
                }
                for (JsonNode aside : json.readTree(record.suppressed)) {
                    Counter counter = byRule.computeIfAbsent(aside.path("proposedBy").asText(), Counter::new);
                    counter.suppressed++;
                    counter.suppressedBy.merge(aside.path("reason").asText(), 1, Integer::sum);
                }
            } catch (IOException unreadable) {
                // A record this version cannot read does not stop the report.
            }
        }
        return new Report(from, to, records.size(), byRule.values().stream()
                .filter(counter -> !counter.rule.isEmpty())
                .map(counter -> new RuleStats(counter.rule, counter.fired, counter.selected, counter.suppressed,
                        counter.suppressedBy))
                .toList());
    }

    private static final class Counter {
        private final String rule;
        private int fired;
        private int selected;
        private int suppressed;
        private final Map<String, Integer> suppressedBy = new TreeMap<>();

        Counter(String rule) {
            this.rule = rule;
        }
    }
}
