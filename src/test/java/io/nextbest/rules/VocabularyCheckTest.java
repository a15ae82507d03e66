package io.nextbest.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class VocabularyCheckTest {
    private static final String ENTERPRISE_SMS = """
            package nextbest;
            import io.nextbest.facts.*;
            rule "Enterprise sign-up: SMS"
                agenda-group "triggers"
            when
                Event( type == "signed_up", current )
                Customer( segment == "enterprise" )
            then
                insert(Candidate.sms("enterprise-sms").category("onboarding"));
            end
            rule "Enterprise purchase: SMS"
                agenda-group "triggers"
            when
                Event( type == "purchase", current )
                Customer( segment == "enterprise" )
            then
                insert(Candidate.sms("enterprise-thanks").category("onboarding"));
            end
            """;

    private static List<RuleProblem> check(Map<String, String> drl) {
        Map<String, byte[]> files = new TreeMap<>();
        drl.forEach((name, text) -> files.put(name, text.getBytes(StandardCharsets.UTF_8)));
        return VocabularyCheck.check(files, drl);
    }

    @Test
    void aSegmentUsedOnceASlipAwayFromAKnownOneIsAWarningAtItsLine() {
        String typo = ENTERPRISE_SMS.replaceFirst("enterprise\"", "enterprize\"").replace("rule \"Enterprise", "rule \"Typo");

        assertThat(check(Map.of("a.drl", ENTERPRISE_SMS, "b.drl", typo))).singleElement().satisfies(warning -> {
            assertThat(warning.file()).isEqualTo("b.drl");
            assertThat(warning.line()).isEqualTo(7);
            assertThat(warning.severity()).isEqualTo(RuleProblem.Severity.WARNING);
            assertThat(warning.message()).startsWith("Segment 'enterprize' is used only here, and 'enterprise' (used in"
                    + " a.drl line 7) is a slip away: did you mean 'enterprise'?");
        });
    }

    @Test
    void aChannelASlipAwayFromABuiltInOneIsAWarningEvenWhenNoRuleUsesIt() {
        String typo = ENTERPRISE_SMS.replace("Candidate.sms(\"enterprise-thanks\")", "Candidate.of(\"enterprise-thanks\", \"emial\")");

        assertThat(check(Map.of("a.drl", typo))).singleElement().extracting(RuleProblem::message).asString()
                .startsWith("Channel 'emial' is used only here, and 'email' (a channel of the facts: Candidate.email(…))");
    }

    @Test
    void namesFarFromEveryOtherAreNewNamesNotSlips() {
        String vip = ENTERPRISE_SMS.replaceFirst("enterprise\"", "vip\"").replaceFirst("signed_up", "logged_in");

        assertThat(check(Map.of("a.drl", ENTERPRISE_SMS, "b.drl", vip.replace("rule \"Enterprise", "rule \"Other"))))
                .isEmpty();
    }

    @Test
    void twoNamesASlipApartUsedOnceEachAreBothReported() {
        String signedOut = ENTERPRISE_SMS.replaceFirst("signed_up", "signed_out").replace("rule \"Enterprise", "rule \"Other");

        // Nothing says which is meant: each is reported, naming the other.
        assertThat(check(Map.of("a.drl", ENTERPRISE_SMS, "b.drl", signedOut))).extracting(RuleProblem::message)
                .containsExactlyInAnyOrder(
                        "Event type 'signed_out' is used only here, and 'signed_up' (used in a.drl line 6) is a slip away:"
                                + " did you mean 'signed_up'? A misspelt event type matches nothing.",
                        "Event type 'signed_up' is used only here, and 'signed_out' (used in b.drl line 6) is a slip away:"
                                + " did you mean 'signed_out'? A misspelt event type matches nothing.");
    }

    @Test
    void aScenarioTestVouchesForTheNameItUses() {
        String once = ENTERPRISE_SMS.substring(0, ENTERPRISE_SMS.indexOf("rule \"Enterprise purchase"));
        String typo = once.replace("enterprise\"", "enterprize\"").replace("rule \"Enterprise", "rule \"Typo");
        Map<String, byte[]> files = new TreeMap<>(Map.of("a.drl", once.getBytes(StandardCharsets.UTF_8),
                "b.drl", typo.getBytes(StandardCharsets.UTF_8),
                "tests/a.yaml", "- customer: {segment: enterprise, consents: [sms]}\n".getBytes(StandardCharsets.UTF_8)));

        assertThat(VocabularyCheck.check(files, Map.of("a.drl", once, "b.drl", typo)))
                .extracting(RuleProblem::file).containsExactly("b.drl");
    }

    @Test
    void didYouMeanAllowsOneEditInShortWordsAndTwoInLongerOnes() {
        assertThat(DidYouMean.closest("smss", List.of("sms", "push"))).contains("sms");
        assertThat(DidYouMean.closest("sns", List.of("ads"))).isEmpty();
        assertThat(DidYouMean.closest("tomorow", List.of("today", "tomorrow"))).contains("tomorrow");
        assertThat(DidYouMean.closest("enterpirse", List.of("enterprise"))).contains("enterprise");
        assertThat(DidYouMean.closest("enterprise", List.of("enterprise", "enterprize"))).isEmpty();
    }
}
