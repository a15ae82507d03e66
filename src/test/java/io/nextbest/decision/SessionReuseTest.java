package io.nextbest.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nextbest.facts.ContactCaps;
import io.nextbest.facts.ContactHistory;
import io.nextbest.facts.Context;
import io.nextbest.facts.Customer;
import io.nextbest.facts.Event;
import io.nextbest.facts.QuietHours;
import io.nextbest.rules.RuleFiles;
import io.nextbest.rules.Ruleset;
import io.nextbest.rules.RulesetCompiler;
import io.nextbest.rules.SessionPool;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.kie.api.KieBase;
import org.kie.api.runtime.KieSession;

/** Decisions on reused sessions decide exactly what fresh sessions decide, and a broken session is never reused. */
class SessionReuseTest {
    private static final Instant NOW = Instant.parse("2026-11-23T09:15:00Z");
    private static final Instant NIGHT = Instant.parse("2026-11-23T22:30:00Z");
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final RulesetCompiler COMPILER = new RulesetCompiler(Clock.systemUTC());
    private static final Ruleset SAMPLE_WITH_BROKEN_RULES = sampleRulesPlus("""
            rule "Send at teatime"
                agenda-group "triggers"
            when
                Event( type == "teatime_requested" )
            then
                insert(Candidate.email("tea").atLocalTime(String.valueOf("teatime")));
            end

            rule "Propose forever"
                agenda-group "triggers"
            when
                Event( type == "loop_requested" )
                Candidate( )
            then
                insert(Candidate.web("another banner"));
            end
            """);

    @Test
    void aDecisionAfterADifferentOneOnTheSameSessionDecidesWhatAFreshSessionDecides() {
        SessionPool pool = new SessionPool(SAMPLE_WITH_BROKEN_RULES.kieBase(), 1);
        Ruleset reused = EvaluationSummary.withPool(SAMPLE_WITH_BROKEN_RULES, pool);
        Ruleset fresh = EvaluationSummary.withFreshSessions(SAMPLE_WITH_BROKEN_RULES);
        List<DecisionFacts> decisions = decisions();

        List<DecisionFacts> reversed = new ArrayList<>(decisions);
        java.util.Collections.reverse(reversed);

        for (int round = 0; round < 3; round++) {
            for (DecisionFacts facts : round == 1 ? reversed : decisions) {
                assertThat(summary(reused, facts)).isEqualTo(summary(fresh, facts));
            }
        }
        assertThat(pool.idleCount()).isEqualTo(1);
    }

    @Test
    void theSameDecisionTwiceOnOneSessionReportsEachFiringAndProposalOnce() {
        Ruleset reused = EvaluationSummary.withPool(SAMPLE_WITH_BROKEN_RULES, new SessionPool(SAMPLE_WITH_BROKEN_RULES.kieBase(), 1));
        DecisionFacts cart = cart("consumer", NOW);

        List<String> first = summary(reused, cart);

        assertThat(summary(reused, cart)).isEqualTo(first);
    }

    @Test
    void aSessionWhoseRuleThrewIsNotLentAgain() {
        SessionPool pool = new SessionPool(SAMPLE_WITH_BROKEN_RULES.kieBase(), 1);
        Ruleset ruleset = EvaluationSummary.withPool(SAMPLE_WITH_BROKEN_RULES, pool);
        KieSession session = idleSessionOf(pool);

        Evaluation contained = RuleEvaluator.evaluate(ruleset, facts(known("consumer"), NOW, event("teatime_requested")),
                new RuleLimits(10_000, java.time.Duration.ofSeconds(30)));

        assertThat(contained.failedRules()).extracting(FailedRule::rule).containsExactly("Send at teatime");

        assertThat(pool.idleCount()).isZero();
        assertThatThrownBy(() -> session.insert("anything")).isInstanceOf(IllegalStateException.class);
        assertThat(summary(ruleset, cart("consumer", NOW)))
                .isEqualTo(summary(EvaluationSummary.withFreshSessions(ruleset), cart("consumer", NOW)));
    }

    @Test
    void aSessionStoppedAtTheFiringLimitIsNotLentAgain() {
        SessionPool pool = new SessionPool(SAMPLE_WITH_BROKEN_RULES.kieBase(), 1);
        Ruleset ruleset = EvaluationSummary.withPool(SAMPLE_WITH_BROKEN_RULES, pool);
        KieSession session = idleSessionOf(pool);
        DecisionFacts looping = facts(known("consumer"), NOW, event("signed_up"), event("loop_requested"));

        assertThatThrownBy(() -> RuleEvaluator.evaluate(ruleset, looping, new RuleLimits(500, java.time.Duration.ofSeconds(30)))).isInstanceOf(RunawayRulesException.class);

        assertThat(pool.idleCount()).isZero();
        assertThatThrownBy(() -> session.insert("anything")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void concurrentDecisionsFromSeveralThreadsEachGetTheirOwnAnswer() throws Exception {
        // Fewer idle sessions than threads, so sessions are also made and dropped under contention.
        Ruleset ruleset = EvaluationSummary.withPool(SAMPLE_WITH_BROKEN_RULES, new SessionPool(SAMPLE_WITH_BROKEN_RULES.kieBase(), 2));
        Ruleset fresh = EvaluationSummary.withFreshSessions(SAMPLE_WITH_BROKEN_RULES);
        List<DecisionFacts> decisions = decisions();
        List<List<String>> expected = decisions.stream().map(facts -> summary(fresh, facts)).toList();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> mismatches = new ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                int offset = thread;
                mismatches.add(threads.submit(() -> {
                    List<String> wrong = new ArrayList<>();
                    for (int i = 0; i < 200; i++) {
                        int which = (i + offset) % decisions.size();
                        if (!summary(ruleset, decisions.get(which)).equals(expected.get(which))) {
                            wrong.add("decision " + which + " at iteration " + i);
                        }
                    }
                    return wrong;
                }));
            }
            for (Future<List<String>> wrong : mismatches) {
                assertThat(wrong.get()).isEmpty();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aRulesetNoLongerReferencedIsCollectedWithItsPooledSessions() throws Exception {
        WeakReference<KieBase> kieBase = compileUseAndDrop();

        for (int attempt = 0; attempt < 50 && kieBase.get() != null; attempt++) {
            System.gc();
            Thread.sleep(20);
        }

        assertThat(kieBase.get()).isNull();
    }

    private static WeakReference<KieBase> compileUseAndDrop() {
        Ruleset ruleset = sampleRulesPlus("");
        RuleEvaluator.evaluate(ruleset, cart("consumer", NOW), new RuleLimits(10_000, java.time.Duration.ofSeconds(30)));
        assertThat(ruleset.sessions().idleCount()).isEqualTo(1);
        return new WeakReference<>(ruleset.kieBase());
    }

    /** The session the pool will lend next: the only idle one. */
    private static KieSession idleSessionOf(SessionPool pool) {
        KieSession session = pool.borrow();
        pool.giveBack(session);
        assertThat(pool.idleCount()).isEqualTo(1);
        return session;
    }

    private static List<String> summary(Ruleset ruleset, DecisionFacts facts) {
        return EvaluationSummary.of(RuleEvaluator.evaluate(ruleset, facts, new RuleLimits(10_000, java.time.Duration.ofSeconds(30))));
    }

    /** Decisions that fire different triggers, eligibility reasons and arbitration paths. */
    private static List<DecisionFacts> decisions() {
        Customer optedOut = new Customer("c-3", true, "consumer", PARIS, 0, null, true, Set.of("email"), Map.of(), Map.of());
        return List.of(
                cart("enterprise", NOW),
                facts(known("consumer"), NOW, event("signed_up")),
                cart("consumer", NIGHT),
                facts(optedOut, NOW, event("cart_abandoned")),
                facts(known("consumer"), NOW, event("purchase"), event("product_viewed")),
                cart("consumer", NOW));
    }

    private static DecisionFacts cart(String segment, Instant now) {
        return facts(known(segment), now,
                new Event("v1", "product_viewed", now.minusSeconds(25 * 60), "web", Map.of(), false, now),
                new Event("v2", "product_viewed", now.minusSeconds(15 * 60), "web", Map.of(), false, now),
                new Event("v3", "product_viewed", now.minusSeconds(5 * 60), "web", Map.of(), false, now),
                new Event("c1", "products_compared", now.minusSeconds(10 * 60), "web", Map.of(), false, now),
                new Event("cart", "cart_abandoned", now, "web", Map.of("value", 120), true, now));
    }

    private static Event event(String type) {
        return new Event(type, type, NOW, "web", Map.of(), true, NOW);
    }

    private static Customer known(String segment) {
        return new Customer("c-1", true, segment, PARIS, 0, null, false, Set.of("email", "sms", "push"), Map.of(), Map.of());
    }

    private static DecisionFacts facts(Customer customer, Instant now, Event... events) {
        Context context = new Context(now, PARIS, "web", 2, Map.of());
        return new DecisionFacts(customer, List.of(events), context, QuietHours.parse("21:00-08:00", context),
                new ContactHistory(List.of(), now), new ContactCaps(List.of(), List.of(), now, PARIS, Set.of()));
    }

    private static Ruleset sampleRulesPlus(String rules) {
        Map<String, byte[]> files = new TreeMap<>(RuleFiles.read(Path.of("rules")));
        files.put("reuse-test.drl", ("package nextbest;\nimport io.nextbest.facts.*;\n" + rules).getBytes(StandardCharsets.UTF_8));
        return COMPILER.compile(files);
    }
}
