package io.nextbest.bench;

import io.nextbest.decision.DecisionFacts;
import io.nextbest.decision.Evaluation;
import io.nextbest.decision.RuleEvaluator;
import io.nextbest.decision.RuleLimits;
import io.nextbest.facts.ContactCaps;
import io.nextbest.facts.ContactHistory;
import io.nextbest.facts.Context;
import io.nextbest.facts.Customer;
import io.nextbest.facts.Event;
import io.nextbest.facts.QuietHours;
import io.nextbest.rules.RuleFiles;
import io.nextbest.rules.Ruleset;
import io.nextbest.rules.RulesetCompiler;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Decisions per second per thread of the rule core alone (session, inserts, firing, collection; no I/O):
 * the sample ruleset, and the sample's eligibility, arbitration and caps with 100, 1,000 or 5,000
 * generated triggers of realistic shapes (single events, segment joins, sequences, accumulates), for
 * decisions with 5, 20 or 50 facts. {@code emptySession} and {@code pooledSession} are the controls: what a
 * fresh session costs, and what a reused one costs, with nothing inserted.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RuleCoreBenchmark {
    private static final Instant NOW = Instant.parse("2026-11-23T09:15:00Z");
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    /** "sample" or a number of generated triggers added to the sample's policies. */
    @Param({"sample", "100", "1000", "5000"})
    public String rules;

    @Param({"5", "20", "50"})
    public int facts;

    private Ruleset ruleset;
    private DecisionFacts decision;

    @Setup(Level.Trial)
    public void compile() {
        // Outside Quarkus every logger runs at ALL and Drools formats trace messages on the hot path.
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.INFO);
        java.util.logging.Logger.getLogger("org.drools").setLevel(java.util.logging.Level.WARNING);
        Map<String, byte[]> files = new TreeMap<>(RuleFiles.read(Path.of("rules")));
        if (!"sample".equals(rules)) {
            files.keySet().removeIf(name -> !name.equals("eligibility.drl") && !name.equals("arbitration.drl")
                    && !name.equals("journeys.drl") && !name.equals("caps.csv"));
            files.putAll(GeneratedRules.triggers(Integer.parseInt(rules)));
        }
        ruleset = new RulesetCompiler(Clock.systemUTC()).compile(files);
        decision = decision(facts);
    }

    @Benchmark
    public Evaluation decide() {
        return RuleEvaluator.evaluate(ruleset, decision, new RuleLimits(10_000, Duration.ofSeconds(10)));
    }

    /** What a decision pays before inserting anything: a fresh session and its disposal (the control). */
    @Benchmark
    public void emptySession() {
        ruleset.kieBase().newKieSession().dispose();
    }

    /** What a decision pays for its session since sessions are reused: borrowing one and emptying it again. */
    @Benchmark
    public void pooledSession() {
        ruleset.sessions().giveBack(ruleset.sessions().borrow());
    }

    /** A known customer with consent, one current event and stored history: about {@code count} facts. */
    private DecisionFacts decision(int count) {
        Random random = new Random(42);
        Customer customer = new Customer("bench-customer", true, "segment-3", PARIS, 250, "active", false,
                Set.of("email", "sms", "push", "ads"), Map.of("churnRisk", 0.2), Map.of());
        Context context = new Context(NOW, PARIS, "web", 1, Map.of());
        List<Event> events = new ArrayList<>();
        // the sample reacts to these; the generated triggers to event-0 … event-49
        String[] types = {"cart_abandoned", "products_compared", "page_viewed", "product_viewed", "purchase"};
        events.add(new Event("current", "sample".equals(rules) ? "cart_abandoned" : "event-7", NOW, "web",
                Map.of("value", 120), true, NOW));
        // Customer, context, quiet hours, contacts, caps and responses are facts too: events make up the rest.
        int stored = Math.max(0, count - 6);
        for (int i = 0; i < stored; i++) {
            String type = random.nextBoolean() ? types[random.nextInt(types.length)] : "event-" + random.nextInt(50);
            events.add(new Event("stored-" + i, type, NOW.minus(Duration.ofMinutes(5 + random.nextInt(60 * 24 * 7))),
                    "web", Map.of(), false, NOW));
        }
        return new DecisionFacts(customer, events, context, QuietHours.parse("21:00-08:00", context),
                new ContactHistory(List.of(), NOW), new ContactCaps(ruleset.caps(), List.of(), NOW, PARIS, Set.of()));
    }
}
