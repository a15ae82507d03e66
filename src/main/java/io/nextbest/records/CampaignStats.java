package io.nextbest.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nextbest.events.StoredEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the actions of a period achieved: per action, channel and variant, how often it was proposed,
 * chosen and set aside (by reason), what the outcomes say (delivered, opened, clicked, converted, value),
 * and for actions with a control group, the lift: the conversion rate of customers who got the action
 * against the rate of customers held out of it, conversion being a business event (e.g. a purchase)
 * within a window after the decision.
 */
@ApplicationScoped
public class CampaignStats {
    private static final String CONTROL_GROUP = "CONTROL_GROUP";
    private static final int CUSTOMERS_PER_QUERY = 500;
    private final EntityManager entityManager;
    private final ObjectMapper json;

    CampaignStats(EntityManager entityManager, ObjectMapper json) {
        this.entityManager = entityManager;
        this.json = json;
    }

    public record ActionStats(String actionId, String channel, String variant, int proposed, int selected,
                              Map<String, Integer> suppressed, int delivered, int opened, int clicked, int converted,
                              double conversionValue, Double responseRate) {
    }

    /** @param lift (treated rate − control rate) / control rate; null when the control group never converted */
    public record Lift(String actionId, int treated, int treatedConverted, int control, int controlConverted,
                       double treatedRate, double controlRate, Double lift) {
    }

    /**
     * @param fired       decisions in which the rule fired
     * @param proposed    actions it proposed; {@code selected} of them were sent, {@code setAside} by reason
     * @param suppressions actions this rule set aside (eligibility and arbitration rules)
     */
    public record RuleStats(String rule, int fired, int proposed, int selected, Map<String, Integer> setAside,
                            int suppressions) {
    }

    /** @param reached how many customers reached each step (by enrolment or by a move) */
    public record JourneyStats(String journey, int enrolled, Map<String, Integer> reached, int completed,
                               Map<String, Integer> exited) {
    }

    /**
     * What the decisions of one ruleset version did, to compare a canary with the active ruleset.
     *
     * @param customers          distinct customers decided
     * @param decisionsWithActions decisions that chose at least one action ({@code actionRate} of them)
     * @param selected           actions chosen; {@code suppressed} the actions set aside, by reason
     * @param responseRate       delivered actions that were opened, clicked or converted; null when none was delivered
     */
    public record RulesetStats(String version, int decisions, int customers, int decisionsWithActions, double actionRate,
                               int selected, Map<String, Integer> suppressed, int delivered, int opened, int clicked,
                               int converted, double conversionValue, Double responseRate) {
    }

    /** A canary serving while the report was made: its share and the version it is compared with. */
    public record CanaryShare(String activeVersion, String canaryVersion, double percent, Instant since) {
    }

    /**
     * @param ruleset  the version the report is limited to; null for all
     * @param rulesets the same decisions by ruleset version: a canary's apart from the active ruleset's
     * @param canary   the canary serving now, if any
     */
    public record Report(Instant from, Instant to, String conversionEvent, int windowDays, String ruleset, int decisions,
                         List<ActionStats> actions, List<Lift> lift, List<RuleStats> rules,
                         List<JourneyStats> journeys, List<RulesetStats> rulesets, CanaryShare canary) {
        public Report withCanary(CanaryShare serving) {
            return new Report(from, to, conversionEvent, windowDays, ruleset, decisions, actions, lift, rules, journeys,
                    rulesets, serving);
        }
    }

    private static final class RuleCounts {
        int fired;
        int proposed;
        int selected;
        final Map<String, Integer> setAside = new TreeMap<>();
        int suppressions;
    }

    private static final class JourneyCounts {
        int enrolled;
        final Map<String, Integer> reached = new TreeMap<>();
        int completed;
        final Map<String, Integer> exited = new TreeMap<>();
    }

    private static class Counts {
        int proposed;
        int selected;
        final Map<String, Integer> suppressed = new TreeMap<>();
        final Map<String, Set<String>> outcomes = new HashMap<>();
        double value;
    }

    private static final class RulesetCounts extends Counts {
        int decisions;
        final Set<String> customers = new HashSet<>();
        int withActions;
    }

    private record Exposure(String customerId, Instant at) {
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Report between(Instant from, Instant to, String conversionEvent, int windowDays, int maxDecisions) {
        return between(from, to, null, conversionEvent, windowDays, maxDecisions);
    }

    /** @param ruleset only the decisions of this ruleset version; null for all */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Report between(Instant from, Instant to, String ruleset, String conversionEvent, int windowDays,
                          int maxDecisions) {
        var query = entityManager.createQuery("""
                        from DecisionRecord r where r.decidedAt >= :from and r.decidedAt < :to and r.dryRun = false"""
                        + (ruleset == null ? "" : " and r.rulesetVersion = :version") + " order by r.decidedAt",
                        DecisionRecord.class)
                .setParameter("from", from).setParameter("to", to).setMaxResults(maxDecisions);
        List<DecisionRecord> records = (ruleset == null ? query : query.setParameter("version", ruleset)).getResultList();
        Map<String, Counts> byAction = new TreeMap<>();
        Map<String, String> keyOfChosen = new HashMap<>();
        Map<String, RulesetCounts> byVersion = new TreeMap<>();
        Map<String, String> versionOfChosen = new HashMap<>();
        Map<String, List<Exposure>> treated = new TreeMap<>();
        Map<String, List<Exposure>> control = new TreeMap<>();
        Map<String, RuleCounts> byRule = new TreeMap<>();
        Map<String, JourneyCounts> byJourney = new TreeMap<>();
        for (DecisionRecord record : records) {
            JsonNode actions = read(record.actions);
            JsonNode suppressed = read(record.suppressed);
            countRuleset(record, actions, suppressed, byVersion, versionOfChosen);
            countRules(read(record.firedRules), actions, suppressed, byRule);
            if (record.journeys != null) {
                countJourneys(read(record.journeys), byJourney);
            }
            for (JsonNode action : actions) {
                String key = key(action);
                Counts counts = byAction.computeIfAbsent(key, k -> new Counts());
                counts.proposed++;
                counts.selected++;
                keyOfChosen.put(record.id + "/" + action.path("actionId").asText(), key);
                treated.computeIfAbsent(action.path("actionId").asText(), k -> new ArrayList<>())
                        .add(new Exposure(record.customerId, record.decidedAt));
            }
            for (JsonNode aside : suppressed) {
                Counts counts = byAction.computeIfAbsent(key(aside), k -> new Counts());
                counts.proposed++;
                counts.suppressed.merge(aside.path("reason").asText(), 1, Integer::sum);
                if (CONTROL_GROUP.equals(aside.path("reason").asText())) {
                    control.computeIfAbsent(aside.path("actionId").asText(), k -> new ArrayList<>())
                            .add(new Exposure(record.customerId, record.decidedAt));
                }
            }
        }
        countOutcomes(from, to.plus(Duration.ofDays(windowDays)), keyOfChosen, byAction, versionOfChosen, byVersion);

        List<ActionStats> actions = byAction.entrySet().stream().map(entry -> {
            String[] key = entry.getKey().split("\n", -1);
            Counts c = entry.getValue();
            return new ActionStats(key[0], key[1], key[2].isEmpty() ? null : key[2], c.proposed, c.selected,
                    c.suppressed, size(c, "delivered"), size(c, "opened"), size(c, "clicked"), size(c, "converted"),
                    c.value, responseRate(c));
        }).toList();
        List<RulesetStats> rulesets = byVersion.entrySet().stream().map(entry -> {
            RulesetCounts c = entry.getValue();
            return new RulesetStats(entry.getKey(), c.decisions, c.customers.size(), c.withActions,
                    (double) c.withActions / c.decisions, c.selected, c.suppressed, size(c, "delivered"),
                    size(c, "opened"), size(c, "clicked"), size(c, "converted"), c.value, responseRate(c));
        }).toList();

        List<Lift> lift = new ArrayList<>();
        Map<String, List<Instant>> conversions = conversions(control, treated, conversionEvent, from,
                to.plus(Duration.ofDays(windowDays)));
        for (Map.Entry<String, List<Exposure>> held : control.entrySet()) {
            List<Exposure> got = treated.getOrDefault(held.getKey(), List.of());
            int treatedConverted = converted(got, conversions, windowDays);
            int controlConverted = converted(held.getValue(), conversions, windowDays);
            double treatedRate = got.isEmpty() ? 0 : (double) treatedConverted / got.size();
            double controlRate = (double) controlConverted / held.getValue().size();
            lift.add(new Lift(held.getKey(), got.size(), treatedConverted, held.getValue().size(), controlConverted,
                    treatedRate, controlRate, controlRate == 0 ? null : (treatedRate - controlRate) / controlRate));
        }
        List<RuleStats> rules = byRule.entrySet().stream().map(e -> new RuleStats(e.getKey(), e.getValue().fired,
                e.getValue().proposed, e.getValue().selected, e.getValue().setAside, e.getValue().suppressions)).toList();
        List<JourneyStats> journeys = byJourney.entrySet().stream().map(e -> new JourneyStats(e.getKey(),
                e.getValue().enrolled, e.getValue().reached, e.getValue().completed, e.getValue().exited)).toList();
        return new Report(from, to, conversionEvent, windowDays, ruleset, records.size(), actions, lift, rules, journeys,
                rulesets, null);
    }

    private static void countRuleset(DecisionRecord record, JsonNode actions, JsonNode suppressed,
                                     Map<String, RulesetCounts> byVersion, Map<String, String> versionOfChosen) {
        RulesetCounts counts = byVersion.computeIfAbsent(record.rulesetVersion, v -> new RulesetCounts());
        counts.decisions++;
        counts.customers.add(record.customerId);
        counts.withActions += actions.isEmpty() ? 0 : 1;
        counts.selected += actions.size();
        for (JsonNode action : actions) {
            versionOfChosen.put(record.id + "/" + action.path("actionId").asText(), record.rulesetVersion);
        }
        for (JsonNode aside : suppressed) {
            counts.suppressed.merge(aside.path("reason").asText(), 1, Integer::sum);
        }
    }

    /** Delivered actions that were opened, clicked or converted. */
    private static Double responseRate(Counts counts) {
        int delivered = size(counts, "delivered");
        Set<String> answered = new HashSet<>();
        for (String type : List.of("opened", "clicked", "converted")) {
            answered.addAll(counts.outcomes.getOrDefault(type, Set.of()));
        }
        answered.retainAll(counts.outcomes.getOrDefault("delivered", Set.of()));
        return delivered == 0 ? null : (double) answered.size() / delivered;
    }

    private static void countRules(JsonNode fired, JsonNode actions, JsonNode suppressed, Map<String, RuleCounts> byRule) {
        for (JsonNode rule : fired) {
            byRule.computeIfAbsent(rule.asText(), r -> new RuleCounts()).fired++;
        }
        for (JsonNode action : actions) {
            if (action.hasNonNull("rule")) {
                RuleCounts counts = byRule.computeIfAbsent(action.path("rule").asText(), r -> new RuleCounts());
                counts.proposed++;
                counts.selected++;
            }
        }
        for (JsonNode aside : suppressed) {
            if (aside.hasNonNull("proposedBy")) {
                RuleCounts counts = byRule.computeIfAbsent(aside.path("proposedBy").asText(), r -> new RuleCounts());
                counts.proposed++;
                counts.setAside.merge(aside.path("reason").asText(), 1, Integer::sum);
            }
            if (aside.hasNonNull("rule")) {
                byRule.computeIfAbsent(aside.path("rule").asText(), r -> new RuleCounts()).suppressions++;
            }
        }
    }

    private static void countJourneys(JsonNode changes, Map<String, JourneyCounts> byJourney) {
        for (JsonNode change : changes) {
            JourneyCounts counts = byJourney.computeIfAbsent(change.path("journey").asText(), j -> new JourneyCounts());
            switch (change.path("change").asText()) {
                case "ENROLLED" -> {
                    counts.enrolled++;
                    counts.reached.merge(change.path("step").asText(), 1, Integer::sum);
                }
                case "MOVED" -> counts.reached.merge(change.path("step").asText(), 1, Integer::sum);
                case "COMPLETED" -> counts.completed++;
                case "EXITED" -> counts.exited.merge(change.path("reason").asText(), 1, Integer::sum);
                default -> {
                    // ALREADY_ENROLLED, STALE: nothing changed
                }
            }
        }
    }

    /** Outcome events name their decision and action: count each type once per decision action. */
    private void countOutcomes(Instant from, Instant until, Map<String, String> keyOfChosen, Map<String, Counts> byAction,
                               Map<String, String> versionOfChosen, Map<String, RulesetCounts> byVersion) {
        List<StoredEvent> outcomes = entityManager.createQuery("""
                        from StoredEvent e where substring(e.type, 1, 7) = 'action_' and e.occurredAt >= :from
                        and e.occurredAt < :until""", StoredEvent.class)
                .setParameter("from", from).setParameter("until", until).getResultList();
        for (StoredEvent outcome : outcomes) {
            String decisionAction = outcome.attributes.get("decisionId") + "/" + outcome.attributes.get("actionId");
            String key = keyOfChosen.get(decisionAction);
            if (key == null) {
                continue;
            }
            String type = outcome.type.substring("action_".length());
            count(outcome, type, decisionAction, byAction.get(key));
            count(outcome, type, decisionAction, byVersion.get(versionOfChosen.get(decisionAction)));
        }
    }

    private static void count(StoredEvent outcome, String type, String decisionAction, Counts counts) {
        counts.outcomes.computeIfAbsent(type, t -> new HashSet<>()).add(decisionAction);
        if ("converted".equals(type) && outcome.attributes.get("value") instanceof Number value) {
            counts.value += value.doubleValue();
        }
    }

    /**
     * The conversion events of every customer exposed to or held out of an action with a control group,
     * read in chunks of customers rather than one query per exposure.
     */
    private Map<String, List<Instant>> conversions(Map<String, List<Exposure>> control, Map<String, List<Exposure>> treated,
                                                   String conversionEvent, Instant from, Instant until) {
        Set<String> customers = new HashSet<>();
        control.forEach((action, held) -> {
            held.forEach(exposure -> customers.add(exposure.customerId()));
            treated.getOrDefault(action, List.of()).forEach(exposure -> customers.add(exposure.customerId()));
        });
        Map<String, List<Instant>> conversions = new HashMap<>();
        List<String> all = new ArrayList<>(customers);
        for (int i = 0; i < all.size(); i += CUSTOMERS_PER_QUERY) {
            List<Object[]> rows = entityManager.createQuery("""
                            select e.customerId, e.occurredAt from StoredEvent e where e.type = :type
                            and e.customerId in :customers and e.occurredAt > :from and e.occurredAt <= :until""",
                            Object[].class)
                    .setParameter("type", conversionEvent)
                    .setParameter("customers", all.subList(i, Math.min(all.size(), i + CUSTOMERS_PER_QUERY)))
                    .setParameter("from", from).setParameter("until", until)
                    .getResultList();
            rows.forEach(row -> conversions.computeIfAbsent((String) row[0], c -> new ArrayList<>()).add((Instant) row[1]));
        }
        return conversions;
    }

    /** How many exposures were followed by a conversion within the window (one per exposure). */
    private static int converted(List<Exposure> exposures, Map<String, List<Instant>> conversions, int windowDays) {
        int converted = 0;
        for (Exposure exposure : exposures) {
            Instant until = exposure.at().plus(Duration.ofDays(windowDays));
            boolean hit = conversions.getOrDefault(exposure.customerId(), List.of()).stream()
                    .anyMatch(at -> at.isAfter(exposure.at()) && !at.isAfter(until));
            converted += hit ? 1 : 0;
        }
        return converted;
    }

    private static int size(Counts counts, String type) {
        return counts.outcomes.getOrDefault(type, Set.of()).size();
    }

    private static String key(JsonNode action) {
        String variant = action.hasNonNull("variant") ? action.path("variant").asText() : "";
        return action.path("actionId").asText() + "\n" + action.path("channel").asText() + "\n" + variant;
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (IOException unreadable) {
            return json.createArrayNode();
        }
    }
}
