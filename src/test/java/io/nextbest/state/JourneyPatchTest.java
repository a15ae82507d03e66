package io.nextbest.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.nextbest.facts.Customer;
import io.nextbest.state.CustomerState.ActiveEnrolment;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A cached copy takes a decision's journey moves on only while it shows what the moves started from. */
class JourneyPatchTest {
    private static final Instant ENROLLED = Instant.parse("2026-11-20T10:00:00Z");
    private static final Instant NOW = Instant.parse("2026-11-23T09:15:00Z");
    private static final ActiveEnrolment CART_AT_EMAIL = new ActiveEnrolment("e-1", "cart-recovery", "email", ENROLLED, ENROLLED,
            Map.of("cartValue", 70));

    @Test
    void aCopyAtTheStepTheMoveStartedFromIsMovedOnAndKeepsTheRest() {
        JourneyPatch patch = new JourneyPatch("s-1", Set.of(), List.of(new JourneyPatch.Move("e-1", "email", "ad", NOW)),
                List.of(new ActiveEnrolment("e-2", "win-back", "check", NOW, NOW, Map.of())));

        CustomerState patched = patch.applyTo(copyWith(CART_AT_EMAIL));

        assertThat(patched.journeys()).containsExactly(
                new ActiveEnrolment("e-1", "cart-recovery", "ad", ENROLLED, NOW, Map.of("cartValue", 70)),
                new ActiveEnrolment("e-2", "win-back", "check", NOW, NOW, Map.of()));
        assertThat(patched.history()).isEqualTo(copyWith(CART_AT_EMAIL).history());
    }

    @Test
    void anEndedEnrolmentLeavesTheCopy() {
        JourneyPatch patch = new JourneyPatch("s-1", Set.of("e-1"), List.of(), List.of());

        assertThat(patch.applyTo(copyWith(CART_AT_EMAIL)).journeys()).isEmpty();
    }

    @Test
    void aCopyThatDoesNotShowWhatTheMovesStartedFromIsNotPatched() {
        JourneyPatch moveFromAnotherStep = new JourneyPatch("s-1", Set.of(), List.of(new JourneyPatch.Move("e-1", "ad", "done", NOW)), List.of());
        JourneyPatch endOfAnUnknownEnrolment = new JourneyPatch("s-1", Set.of("e-9"), List.of(), List.of());
        JourneyPatch secondActiveEnrolment = new JourneyPatch("s-1", Set.of(), List.of(),
                List.of(new ActiveEnrolment("e-3", "cart-recovery", "email", NOW, NOW, Map.of())));

        assertThat(moveFromAnotherStep.applyTo(copyWith(CART_AT_EMAIL))).isNull();
        assertThat(endOfAnUnknownEnrolment.applyTo(copyWith(CART_AT_EMAIL))).isNull();
        assertThat(secondActiveEnrolment.applyTo(copyWith(CART_AT_EMAIL))).isNull();
    }

    private static CustomerState copyWith(ActiveEnrolment... journeys) {
        Customer customer = Customer.anonymous("c-1", ZoneId.of("Europe/Paris"));
        return new CustomerState("c-1", null, customer, null,
                List.of(new CustomerState.HistoryEvent("h-1", "page_viewed", ENROLLED, "web", Map.of())), true, List.of(journeys));
    }
}
