package io.nextbest.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.nextbest.decision.Decision;
import io.nextbest.journeys.JourneyChange;
import io.nextbest.security.Permissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DecisionDisclosureTest {
    private static final Permissions ADMIN = new Permissions(true, true);
    private static final Permissions WEBSITE = new Permissions(false, false);
    private static final String PROPOSES = "Cart abandoned: SMS discount";
    private static final String CONSENT_RULE = "No message on a channel the customer has not consented to";
    private static final String OPT_OUT_RULE = "Customers who opted out of everything get no contact";
    private static final String CAP_RULE = "Candidates over a contact cap are set aside";

    private final DecisionDisclosure disclosure = new DecisionDisclosure(Set.of("CONSENT", "OPTED_OUT"));

    @Test
    void anAdminSeesTheDecisionAsMade() {
        Decision decision = decision(List.of(), List.of(setAside("cart-sms", "CONSENT", CONSENT_RULE)), List.of(),
                List.of(PROPOSES, CONSENT_RULE));

        assertThat(disclosure.shownTo(ADMIN, decision)).isSameAs(decision);
    }

    @Test
    void aCallerThatMayNotReadProfilesLearnsNothingOfConsentButTheRestOfWhy() {
        Decision decision = decision(List.of(),
                List.of(setAside("cart-sms", "CONSENT", CONSENT_RULE), setAside("welcome-email", "OPTED_OUT", OPT_OUT_RULE),
                        setAside("cart-email", "FREQUENCY_CAP", CAP_RULE)),
                List.of(), List.of(PROPOSES, OPT_OUT_RULE, CONSENT_RULE, CAP_RULE));

        Decision shown = disclosure.shownTo(WEBSITE, decision);

        assertThat(shown.suppressed()).extracting(Decision.Suppressed::reason).containsExactly("FREQUENCY_CAP");
        assertThat(shown.firedRules()).containsExactly(PROPOSES, CAP_RULE);
        assertThat(shown).usingRecursiveComparison().ignoringFields("suppressed", "firedRules").isEqualTo(decision);
    }

    @Test
    void aRuleTheAnswerStillNamesStaysAmongTheFiredRules() {
        String setsAsideAndProposes = "Web banner instead of a message the customer did not consent to";
        String setsAsideTwice = "House rule: no SMS to consent-less or sleeping customers";
        String setsAsideAndMovesAJourney = "Unconsented customers leave cart recovery";
        Decision decision = decision(
                List.of(action("consent-banner", setsAsideAndProposes)),
                List.of(setAside("cart-sms", "CONSENT", setsAsideAndProposes), setAside("promo-sms", "CONSENT", setsAsideTwice),
                        setAside("night-sms", "QUIET_HOURS", setsAsideTwice),
                        setAside("reminder-sms", "CONSENT", setsAsideAndMovesAJourney)),
                List.of(new JourneyChange("cart-recovery", JourneyChange.EXITED, null, null, "no consent", setsAsideAndMovesAJourney)),
                List.of(PROPOSES, setsAsideAndProposes, setsAsideTwice, setsAsideAndMovesAJourney));

        Decision shown = disclosure.shownTo(WEBSITE, decision);

        assertThat(shown.suppressed()).extracting(Decision.Suppressed::actionId).containsExactly("night-sms");
        assertThat(shown.firedRules()).isEqualTo(decision.firedRules());
    }

    @Test
    void theReasonsKeptPrivateAreTheConfiguredOnes() {
        Decision decision = decision(List.of(),
                List.of(setAside("cart-sms", "CONSENT", CONSENT_RULE), setAside("retention-email", "CONTROL_GROUP", "Holdout")),
                List.of(), List.of(PROPOSES, CONSENT_RULE, "Holdout"));

        Decision shown = new DecisionDisclosure(Set.of("CONTROL_GROUP")).shownTo(WEBSITE, decision);

        assertThat(shown.suppressed()).extracting(Decision.Suppressed::reason).containsExactly("CONSENT");
        assertThat(shown.firedRules()).containsExactly(PROPOSES, CONSENT_RULE);
    }

    private static Decision decision(List<Decision.Action> actions, List<Decision.Suppressed> suppressed,
                                     List<JourneyChange> journeys, List<String> firedRules) {
        return new Decision("d-1", "c-1", "v1", Instant.parse("2026-11-23T09:15:00Z"), true, actions, suppressed,
                journeys, firedRules, List.of(), 850);
    }

    private static Decision.Suppressed setAside(String actionId, String reason, String rule) {
        return new Decision.Suppressed(actionId, "sms", reason, "because", rule, PROPOSES);
    }

    private static Decision.Action action(String actionId, String rule) {
        return new Decision.Action(actionId, "web", 50, 0.0, "consent", null, null, rule, Map.of(), null, null, null);
    }
}
