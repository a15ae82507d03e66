package io.nextbest.decision;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nextbest.events.IncomingEvent;
import io.nextbest.records.DecisionRecord;
import io.nextbest.rules.ActiveRuleset;
import io.nextbest.rules.RulesConfig;
import io.nextbest.rules.Ruleset;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Replays recorded decisions of a period through the active ruleset and a candidate one, and reports
 * how the decisions would change. Both run on the same reconstructed facts (stored history and contacts
 * as they were before each decision, today's profile), so the differences come from the rules alone.
 */
@ApplicationScoped
public class ReplayService {
    private final EntityManager entityManager;
    private final FactAssembler assembler;
    private final ActiveRuleset rulesets;
    private final RulesConfig rulesConfig;
    private final ObjectMapper json;

    ReplayService(EntityManager entityManager, FactAssembler assembler, ActiveRuleset rulesets, RulesConfig rulesConfig,
                  ObjectMapper json) {
        this.entityManager = entityManager;
        this.assembler = assembler;
        this.rulesets = rulesets;
        this.rulesConfig = rulesConfig;
        this.json = json;
    }

    /** How many times an action was chosen before (active rules) and after (candidate rules). */
    public record ActionCount(String actionId, String channel, int before, int after) {
    }

    /** One decision that would change. */
    public record Change(String decisionId, String customerId, Instant decidedAt, List<String> before, List<String> after) {
    }

    /**
     * @param failedRules the rules that threw in some replayed decision, under either ruleset: their firings were
     *                    undone there, as they would be live
     */
    public record Replay(Instant from, Instant to, String activeVersion, String candidateVersion, int decisions,
                         int changed, List<ActionCount> byAction, List<Change> examples, List<FailureCount> failedRules) {
    }

    /** In how many replayed decisions a rule failed before (active rules) and after (candidate rules), and why last. */
    public record FailureCount(String rule, String file, Integer row, int before, int after, String lastReason) {
    }

    private record StoredRequest(String channel, List<IncomingEvent> events, Map<String, Object> context, Integer limit) {
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Replay replay(Ruleset candidate, Instant from, Instant to, int maxDecisions, int maxExamples) {
        Ruleset active = rulesets.current().orElseThrow(NoActiveRulesetException::new);
        List<DecisionRecord> records = entityManager.createQuery("""
                        from DecisionRecord r where r.decidedAt >= :from and r.decidedAt < :to and r.dryRun = false
                        order by r.decidedAt""", DecisionRecord.class)
                .setParameter("from", from)
                .setParameter("to", to)
                .setMaxResults(maxDecisions)
                .getResultList();
        Map<String, int[]> counts = new TreeMap<>();
        Map<String, Failures> failures = new TreeMap<>();
        List<Change> examples = new ArrayList<>();
        int changed = 0;
        for (DecisionRecord record : records) {
            DecisionFacts facts = factsOf(record, active);
            List<String> before = chosen(active, facts, counts, failures, 0);
            List<String> after = chosen(candidate, factsOf(record, candidate), counts, failures, 1);
            if (!before.equals(after)) {
                changed++;
                if (examples.size() < maxExamples) {
                    examples.add(new Change(record.id, record.customerId, record.decidedAt, before, after));
                }
            }
        }
        List<ActionCount> byAction = counts.entrySet().stream()
                .map(entry -> {
                    String[] key = entry.getKey().split("\n", 2);
                    return new ActionCount(key[0], key[1], entry.getValue()[0], entry.getValue()[1]);
                })
                .toList();
        List<FailureCount> failedRules = failures.values().stream()
                .map(failed -> new FailureCount(failed.last.rule(), failed.last.file(), failed.last.row(),
                        failed.decisions[0], failed.decisions[1], failed.last.reason()))
                .toList();
        return new Replay(from, to, active.version(), candidate.version(), records.size(), changed, byAction, examples,
                failedRules);
    }

    /** A rule's failures over the replay: decisions it failed in, per side, and its last failure. */
    private static final class Failures {
        private final int[] decisions = new int[2];
        private FailedRule last;
    }

    private List<String> chosen(Ruleset ruleset, DecisionFacts facts, Map<String, int[]> counts,
                                Map<String, Failures> failures, int side) {
        Evaluation evaluation = RuleEvaluator.evaluate(ruleset, facts, RuleLimits.of(rulesConfig));
        evaluation.failedRules().stream().map(FailedRule::rule).distinct()
                .forEach(rule -> failures.computeIfAbsent(rule, r -> new Failures()).decisions[side]++);
        evaluation.failedRules().forEach(failed -> failures.get(failed.rule()).last = failed);
        List<String> actions = new ArrayList<>();
        for (Evaluation.Chosen chosen : evaluation.chosen()) {
            String key = chosen.candidate().getActionId() + "\n" + chosen.candidate().getChannel();
            counts.computeIfAbsent(key, k -> new int[2])[side]++;
            actions.add(chosen.candidate().getActionId());
        }
        return actions;
    }

    /** The facts as they were just before the recorded decision, its own contacts excluded. */
    private DecisionFacts factsOf(DecisionRecord record, Ruleset ruleset) {
        StoredRequest request;
        try {
            request = json.readValue(record.request, StoredRequest.class);
        } catch (JsonProcessingException unreadable) {
            throw new IllegalStateException("Decision record " + record.id + " has an unreadable request", unreadable);
        }
        DecisionQuery query = new DecisionQuery(record.customerId, request.channel(), record.decidedAt,
                request.events(), request.context(), request.limit() == null ? 1 : request.limit(), true);
        DecisionFacts facts = assembler.assemble(query, query.events(), record.decidedAt, ruleset.caps());
        return assembler.withContactsUpTo(facts, ruleset.caps(), Set.of(), record.decidedAt.minusMillis(1));
    }
}
