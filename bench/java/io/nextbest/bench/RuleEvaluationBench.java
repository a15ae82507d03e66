package io.nextbest.bench;

import io.nextbest.decision.DecisionFacts;
import io.nextbest.decision.Evaluation;
import io.nextbest.decision.RuleEvaluator;
import io.nextbest.decision.RuleLimits;
import io.nextbest.facts.CapDeclaration;
import io.nextbest.facts.Contact;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Single-thread rule-evaluation rate of the rules in a folder (default: rules/), on realistic decisions:
 * facts are built once per scenario, so this measures the session (create, insert, fire, collect), not I/O.
 * Usage: RuleEvaluationBench [seconds per scenario] [rules folder]
 */
public final class RuleEvaluationBench {
    private static final Instant NOW = Instant.parse("2026-11-23T09:15:00Z");
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    public static void main(String[] args) {
        // Outside Quarkus nothing configures logging and every logger runs at ALL: Drools then formats trace
        // messages on the hot path and runs several times slower than in the service.
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.INFO);
        java.util.logging.Logger.getLogger("org.drools").setLevel(java.util.logging.Level.WARNING);
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        Path rules = Path.of(args.length > 1 ? args[1] : "rules");

        long compileStart = System.nanoTime();
        RulesetCompiler compiler = new RulesetCompiler(Clock.systemUTC());
        Map<String, byte[]> files = RuleFiles.read(rules);
        Ruleset ruleset = compiler.compile(files);
        System.out.printf("ruleset %s: %d rules, compiled in %d ms (cold JVM)%n", ruleset.version(),
                ruleset.rules().size(), (System.nanoTime() - compileStart) / 1_000_000);
        if (System.getenv("LOADED") != null) {
            // As a replica that loads another's build evaluates it: from the compiled packages, not the compile.
            ruleset = compiler.load(files, RulesetCompiler.packagesOf(ruleset), ruleset.warnings());
            System.out.println("evaluating the ruleset loaded from its compiled packages");
        }

        Map<String, DecisionFacts> scenarios = scenarios(ruleset.caps());
        for (DecisionFacts facts : scenarios.values()) {
            loop(ruleset, facts, Math.max(1, seconds / 2)); // warm-up
        }
        System.out.printf("%-34s %8s %14s %10s%n", "scenario", "facts", "decisions/s", "µs each");
        long total = 0;
        double totalSeconds = 0;
        for (Map.Entry<String, DecisionFacts> scenario : scenarios.entrySet()) {
            DecisionFacts facts = scenario.getValue();
            long started = System.nanoTime();
            long count = loop(ruleset, facts, seconds);
            double elapsed = (System.nanoTime() - started) / 1e9;
            total += count;
            totalSeconds += elapsed;
            System.out.printf("%-34s %8d %14.0f %10.1f%n", scenario.getKey(), facts.events().size() + 3,
                    count / elapsed, elapsed * 1e6 / count);
        }
        System.out.printf("%-34s %8s %14.0f %10.1f%n", "all scenarios", "", total / totalSeconds,
                totalSeconds * 1e6 / total);
    }

    private static long loop(Ruleset ruleset, DecisionFacts facts, double seconds) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long count = 0;
        int selected = 0;
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < 100; i++) {
                Evaluation evaluation = RuleEvaluator.evaluate(ruleset, facts, new RuleLimits(10_000, Duration.ofSeconds(10)));
                selected += evaluation.chosen().size();
            }
            count += 100;
        }
        if (selected < 0) {
            throw new IllegalStateException("unreachable: keeps the JIT from dropping the work");
        }
        return count;
    }

    private static List<CapDeclaration> caps = List.of();

    private static Map<String, DecisionFacts> scenarios(List<CapDeclaration> rulesetCaps) {
        caps = rulesetCaps;
        Customer known = new Customer("c-1", true, "consumer", PARIS, 420, "active", false,
                Set.of("email", "sms", "ads"), Map.of("churnRisk", 0.2), Map.of());
        Customer enterprise = new Customer("c-2", true, "enterprise", PARIS, 25_000, "evaluating", false,
                Set.of("email"), Map.of("churnRisk", 0.85), Map.of());
        Customer anonymous = Customer.anonymous("anon-1", PARIS);
        List<Contact> contacts = List.of(
                new Contact("k1", "welcome-email", "email", "onboarding", NOW.minus(Duration.ofDays(3))));

        Map<String, DecisionFacts> scenarios = new LinkedHashMap<>();
        scenarios.put("cart abandoned, 20 stored events", facts(known, contacts,
                history(20, "product_viewed"),
                event("products_compared", 10, Map.of(), true),
                event("cart_abandoned", 0, Map.of("value", 1500), true)));
        scenarios.put("pricing sequence, 40 stored events", facts(enterprise, contacts,
                history(40, "page_viewed"),
                event("page_viewed", 60 * 24, Map.of("page", "pricing"), false),
                event("page_viewed", 60 * 48, Map.of("page", "pricing"), false),
                event("page_viewed", 0, Map.of("page", "pricing"), true)));
        scenarios.put("whitepaper download (CSV table)", facts(known, contacts, history(5, "page_viewed"),
                event("whitepaper_downloaded", 0, Map.of("timeOnPageSeconds", 45, "scrollDepth", 30), true)));
        scenarios.put("sign-up (XLSX table)", facts(known, contacts, List.of(), event("signed_up", 0, Map.of(), true)));
        scenarios.put("anonymous returning web visitor", facts(anonymous, List.of(),
                history(10, "page_viewed"),
                event("page_viewed", 60 * 24, Map.of("section", "enterprise"), false),
                event("page_viewed", 0, Map.of("page", "/"), true)));
        return scenarios;
    }

    private static DecisionFacts facts(Customer customer, List<Contact> contacts, List<Event> history, Event... current) {
        List<Event> events = new ArrayList<>(history);
        events.addAll(List.of(current));
        Context context = new Context(NOW, customer.getTimezone(), "web", 3, Map.of());
        return new DecisionFacts(customer, events, context, QuietHours.parse("21:00-08:00", context),
                new ContactHistory(contacts, NOW), new ContactCaps(caps, contacts, NOW, customer.getTimezone(), Set.of()));
    }

    private static List<Event> history(int count, String type) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(event(type, 60L * (i + 1), Map.of("page", "/p/" + i), false));
        }
        return events;
    }

    private static Event event(String type, long minutesAgo, Map<String, Object> attributes, boolean current) {
        return new Event(type + "-" + minutesAgo + "-" + current, type, NOW.minus(Duration.ofMinutes(minutesAgo)), "web",
                attributes, current, NOW);
    }
}
