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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The phase mechanics, runaway protection and overriding the default arbitration, without HTTP. */
class RuleEvaluatorTest {
    private static final Instant NOW = Instant.parse("2026-11-23T09:15:00Z");
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final String HEADER = "package nextbest;\nimport io.nextbest.facts.*;\n";
    private static final RulesetCompiler COMPILER = new RulesetCompiler(Clock.systemUTC());
    private static final RulesetCompiler PLAIN_JAVA = new RulesetCompiler(Clock.systemUTC(), false);
    /** Generous: these tests are about what the rules decide, not how long they take. */
    private static final RuleLimits LIMITS = new RuleLimits(10_000, java.time.Duration.ofSeconds(30));
    private static final String PROPOSE_A_BANNER = """
            rule "Propose a banner"
                agenda-group "triggers"
            when
                Event( type == "signed_up" )
            then
                insert(Candidate.web("banner"));
            end
            """;

    @Test
    void anAnalystsArbitrationRuleOverridesTheDefaultRanking() {
        Ruleset ruleset = sampleRulesPlus("prefer-email.drl", """
                rule "Enterprise customers hear from us by email rather than SMS"
                    agenda-group "arbitration"
                    salience 300
                when
                    Customer( segment == "enterprise" )
                    $sms : Candidate( channel == "sms" )
                    exists Candidate( channel == "email", category == $sms.category )
                    not Suppression( candidate == $sms )
                then
                    insert(Suppression.of($sms, "PREFER_EMAIL", "Enterprise customers get email first"));
                end
                """);

        Evaluation evaluation = RuleEvaluator.evaluate(ruleset, cartWithComparisonAndViews("enterprise"), LIMITS);

        assertThat(evaluation.chosen()).extracting(chosen -> chosen.candidate().getActionId())
                .containsExactly("cart-reminder-email");
        assertThat(evaluation.setAside()).anySatisfy(aside -> {
            assertThat(aside.candidate().getActionId()).isEqualTo("cart-discount-sms");
            assertThat(aside.reason()).isEqualTo("PREFER_EMAIL");
            assertThat(aside.suppressedBy()).isEqualTo("Enterprise customers hear from us by email rather than SMS");
        });
    }

    @Test
    void withoutTheOverrideTheDefaultRankingPicksTheSms() {
        Ruleset ruleset = sampleRulesPlus("nothing.drl", "");

        Evaluation evaluation = RuleEvaluator.evaluate(ruleset, cartWithComparisonAndViews("enterprise"), LIMITS);

        assertThat(evaluation.chosen()).extracting(chosen -> chosen.candidate().getActionId())
                .containsExactly("cart-discount-sms");
    }

    @Test
    void phasesRunInOrderWhateverTheSalience() {
        Ruleset ruleset = rules("""
                rule "Propose a banner"
                    agenda-group "triggers"
                    salience -100
                when
                    Event( type == "signed_up" )
                then
                    insert(Candidate.web("banner"));
                end

                rule "Eligibility sees what the triggers proposed"
                    agenda-group "eligibility"
                    salience 1000
                when
                    $c : Candidate( )
                then
                    insert(Suppression.of($c, "SEEN", "eligibility ran after triggers"));
                end
                """);

        Evaluation evaluation = RuleEvaluator.evaluate(ruleset, facts(known("consumer"), signUp()), LIMITS);

        assertThat(evaluation.firedRules()).containsExactly("Propose a banner", "Eligibility sees what the triggers proposed");
        assertThat(evaluation.setAside()).singleElement().extracting(Evaluation.SetAside::reason).isEqualTo("SEEN");
    }

    @Test
    void aCandidateNoArbitrationRuleChoseIsReportedAsNotSelected() {
        Ruleset ruleset = rules(PROPOSE_A_BANNER);

        Evaluation evaluation = RuleEvaluator.evaluate(ruleset, facts(known("consumer"), signUp()), LIMITS);

        assertThat(evaluation.chosen()).isEmpty();
        assertThat(evaluation.setAside()).singleElement().satisfies(aside -> {
            assertThat(aside.reason()).isEqualTo(RuleEvaluator.NOT_SELECTED);
            assertThat(aside.proposedBy()).isEqualTo("Propose a banner");
        });
    }

    @Test
    void aCandidateARuleDeletesIsNotReported() {
        Ruleset ruleset = rules("""
                rule "Propose a banner and an email"
                    agenda-group "triggers"
                when
                    Event( type == "signed_up" )
                then
                    insert(Candidate.web("banner"));
                    insert(Candidate.email("welcome"));
                end

                rule "Banners are withdrawn"
                    agenda-group "eligibility"
                when
                    $banner : Candidate( channel == "web" )
                then
                    delete($banner);
                end
                """);

        Evaluation evaluation = RuleEvaluator.evaluate(ruleset, facts(known("consumer"), signUp()), LIMITS);

        assertThat(evaluation.setAside()).extracting(aside -> aside.candidate().getActionId()).containsExactly("welcome");
        assertThat(evaluation.setAside()).extracting(Evaluation.SetAside::proposedBy)
                .containsExactly("Propose a banner and an email");
    }

    @Test
    void aRuleThatKeepsReFiringIsStoppedAndNamed() {
        Ruleset ruleset = rules(PROPOSE_A_BANNER + """
                rule "Propose forever"
                    agenda-group "triggers"
                when
                    Candidate( )
                then
                    insert(Candidate.web("another banner"));
                end
                """);

        assertThatThrownBy(() -> RuleEvaluator.evaluate(ruleset, facts(known("consumer"), signUp()),
                new RuleLimits(500, java.time.Duration.ofSeconds(30))))
                .isInstanceOfSatisfying(RunawayRulesException.class,
                        runaway -> assertThat(runaway.mostFiredRule()).isEqualTo("Propose forever"));
    }

    @Test
    void slowRulesAreStoppedByTheTimeBudgetLongBeforeTheFiringLimit() {
        // The sandbox refuses a loop without a bound; with it turned off, the budget still stops the rules.
        Ruleset ruleset = PLAIN_JAVA.compile(Map.of("test.drl", (HEADER + PROPOSE_A_BANNER + """
                rule "Propose slowly forever"
                    agenda-group "triggers"
                when
                    Candidate( )
                then
                    long busyUntil = System.nanoTime() + 20_000_000L;
                    while (System.nanoTime() < busyUntil) { }
                    insert(Candidate.web("another banner"));
                end
                """).getBytes(StandardCharsets.UTF_8)));

        long started = System.nanoTime();
        assertThatThrownBy(() -> RuleEvaluator.evaluate(ruleset, facts(known("consumer"), signUp()),
                new RuleLimits(10_000, java.time.Duration.ofMillis(100))))
                .isInstanceOfSatisfying(RunawayRulesException.class, runaway -> {
                    assertThat(runaway.limit()).isEqualTo("time");
                    assertThat(runaway.mostFiredRule()).isEqualTo("Propose slowly forever");
                    assertThat(runaway.getMessage()).contains("100 ms");
                });
        // 10,000 firings of 20 ms would take minutes.
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isLessThan(java.time.Duration.ofSeconds(5));
    }

    @Test
    void aTriggerRuleThatThrowsIsUndoneAndTheOtherRulesStillDecide() {
        Ruleset ruleset = rules(PROPOSE_A_BANNER + """
                rule "Send at teatime"
                    agenda-group "triggers"
                when
                    Event( type == "signed_up" )
                then
                    insert(Candidate.email("half-made"));
                    insert(Candidate.email("tea").atLocalTime(String.valueOf("teatime")));
                end
                """);

        Evaluation evaluation = RuleEvaluator.evaluate(ruleset, facts(known("consumer"), signUp()), LIMITS);

        assertThat(evaluation.setAside()).extracting(aside -> aside.candidate().getActionId()).containsExactly("banner");
        assertThat(evaluation.firedRules()).containsExactly("Propose a banner");
        assertThat(evaluation.failedRules()).singleElement().satisfies(failed -> {
            assertThat(failed.rule()).isEqualTo("Send at teatime");
            assertThat(failed.file()).isEqualTo("test.drl");
            assertThat(failed.phase()).isEqualTo("triggers");
            assertThat(failed.reason()).contains("teatime").doesNotContain("io.nextbest");
        });
    }

    @Test
    void anEligibilityRuleThatThrowsSetsAsideTheCandidateItJudged() {
        Ruleset ruleset = rules(PROPOSE_A_BANNER + """
                rule "Propose a tip"
                    agenda-group "triggers"
                when
                    Event( type == "signed_up" )
                then
                    insert(Candidate.email("tip"));
                end

                rule "Web banners are checked against a bad quiet time"
                    agenda-group "eligibility"
                when
                    $banner : Candidate( channel == "web" )
                then
                    insert(Suppression.of($banner, "HALF_CHECKED", null));
                    insert(Candidate.email("x").atLocalTime(String.valueOf("never")));
                end
                """);

        Evaluation evaluation = RuleEvaluator.evaluate(ruleset, facts(known("consumer"), signUp()), LIMITS);

        assertThat(evaluation.setAside())
                .extracting(aside -> aside.candidate().getActionId() + " " + aside.reason() + " by " + aside.suppressedBy())
                .containsExactly("banner RULE_FAILED by Web banners are checked against a bad quiet time",
                        "tip NOT_SELECTED by null");
    }

    @Test
    void aGuardingRuleThatThrowsWithoutACandidateInItsMatchSetsAsideEveryCandidate() {
        Ruleset ruleset = sampleRulesPlus("broken-consent.drl", """
                rule "Consent checked against a bad quiet time"
                    agenda-group "eligibility"
                    salience 1000
                when
                    Customer( )
                then
                    Candidate.email("x").atLocalTime(String.valueOf("never"));
                end
                """);

        Evaluation evaluation = RuleEvaluator.evaluate(ruleset, cartWithComparisonAndViews("consumer"), LIMITS);

        assertThat(evaluation.chosen()).isEmpty();
        assertThat(evaluation.setAside()).isNotEmpty().allSatisfy(aside -> {
            assertThat(aside.reason()).isEqualTo("RULE_FAILED");
            assertThat(aside.suppressedBy()).isEqualTo("Consent checked against a bad quiet time");
        });
    }

    @Test
    void anArbitrationRuleThatThrowsChoosesNothingItWasJudgingAndTheRestIsStillRanked() {
        Ruleset ruleset = sampleRulesPlus("broken-ranking.drl", """
                rule "SMS ranked by a broken score"
                    agenda-group "arbitration"
                    salience 300
                when
                    $sms : Candidate( channel == "sms" )
                    not Suppression( candidate == $sms )
                then
                    insert(new Selection($sms.atLocalTime(String.valueOf("whenever it suits")), 1));
                end
                """);

        Evaluation evaluation = RuleEvaluator.evaluate(ruleset, cartWithComparisonAndViews("enterprise"), LIMITS);

        assertThat(evaluation.failedRules()).extracting(FailedRule::rule).contains("SMS ranked by a broken score");
        assertThat(evaluation.setAside()).filteredOn(aside -> aside.candidate().getChannel().equals("sms"))
                .isNotEmpty().allSatisfy(aside -> assertThat(aside.reason()).isEqualTo("RULE_FAILED"));
        assertThat(evaluation.chosen()).isNotEmpty()
                .allSatisfy(chosen -> assertThat(chosen.candidate().getChannel()).isNotEqualTo("sms"));
    }

    @Test
    void aConditionThatThrowsFailsTheEvaluationClosedWithTheRulesName() {
        Ruleset ruleset = PLAIN_JAVA.compile(Map.of("test.drl", (HEADER + PROPOSE_A_BANNER + """
                rule "Numbered actions only"
                    agenda-group "eligibility"
                when
                    $candidate : Candidate( Integer.parseInt(actionId) > 0 )
                then
                    insert(Suppression.of($candidate, "NUMBERED", null));
                end
                """).getBytes(StandardCharsets.UTF_8)));

        Evaluation evaluation = RuleEvaluator.evaluate(ruleset, facts(known("consumer"), signUp()), LIMITS);

        assertThat(evaluation.chosen()).isEmpty();
        assertThat(evaluation.journeyMoves()).isEmpty();
        assertThat(evaluation.failedRules()).singleElement().satisfies(failed -> {
            assertThat(failed.rule()).isEqualTo("Numbered actions only");
            assertThat(failed.reason()).contains("Integer.parseInt(actionId) > 0", "banner");
        });
        assertThat(evaluation.setAside()).isNotEmpty()
                .allSatisfy(aside -> assertThat(aside.reason()).isEqualTo(FailedRule.RULE_FAILED));
    }

    @Test
    void anEvalThatThrowsFailsTheEvaluationClosedWithTheRulesName() {
        Ruleset ruleset = PLAIN_JAVA.compile(Map.of("test.drl", (HEADER + PROPOSE_A_BANNER + """
                rule "Numbered actions only, by eval"
                    agenda-group "eligibility"
                when
                    $candidate : Candidate( )
                    eval( Integer.parseInt($candidate.getActionId()) > 0 )
                then
                    insert(Suppression.of($candidate, "NUMBERED", null));
                end
                """).getBytes(StandardCharsets.UTF_8)));

        Evaluation evaluation = RuleEvaluator.evaluate(ruleset, facts(known("consumer"), signUp()), LIMITS);

        assertThat(evaluation.chosen()).isEmpty();
        assertThat(evaluation.failedRules()).singleElement().satisfies(failed -> {
            assertThat(failed.rule()).isEqualTo("Numbered actions only, by eval");
            assertThat(failed.reason()).contains("banner");
        });
    }

    private static Ruleset sampleRulesPlus(String name, String rules) {
        Map<String, byte[]> files = new TreeMap<>(RuleFiles.read(Path.of("rules")));
        files.put(name, (HEADER + rules).getBytes(StandardCharsets.UTF_8));
        return COMPILER.compile(files);
    }

    private static Ruleset rules(String rules) {
        return COMPILER.compile(Map.of("test.drl", (HEADER + rules).getBytes(StandardCharsets.UTF_8)));
    }

    private static DecisionFacts cartWithComparisonAndViews(String segment) {
        Instant now = NOW;
        return facts(known(segment),
                new Event("v1", "product_viewed", now.minusSeconds(25 * 60), "web", Map.of(), false, now),
                new Event("v2", "product_viewed", now.minusSeconds(15 * 60), "web", Map.of(), false, now),
                new Event("v3", "product_viewed", now.minusSeconds(5 * 60), "web", Map.of(), false, now),
                new Event("c1", "products_compared", now.minusSeconds(10 * 60), "web", Map.of(), false, now),
                new Event("cart", "cart_abandoned", now, "web", Map.of(), true, now));
    }

    private static Event signUp() {
        return new Event("s1", "signed_up", NOW, "web", Map.of(), true, NOW);
    }

    private static Customer known(String segment) {
        return new Customer("c-1", true, segment, PARIS, 0, null, false, Set.of("email", "sms"), Map.of(), Map.of());
    }

    private static DecisionFacts facts(Customer customer, Event... events) {
        Context context = new Context(NOW, PARIS, "web", 1, Map.of());
        return new DecisionFacts(customer, List.of(events), context, QuietHours.parse("21:00-08:00", context),
                new ContactHistory(List.of(), NOW), new ContactCaps(List.of(), List.of(), NOW, PARIS, Set.of()));
    }
}
