package io.nextbest.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.nextbest.caps.CapStore;
import io.nextbest.caps.InMemoryCapStore;
import io.nextbest.facts.ContactCaps;
import io.nextbest.facts.ContactHistory;
import io.nextbest.facts.Contact;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Losing a cap race to another replica: the capped action is set aside and the next-ranked one is sent. */
class CapReservationsTest {
    private static final Instant NOW = Instant.parse("2026-11-23T09:15:00Z");
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @Test
    void whenAnotherDecisionTakesTheLastSlotFirstTheNextRankedActionIsSent() {
        Ruleset ruleset = new RulesetCompiler(Clock.systemUTC()).compile(RuleFiles.read(Path.of("rules")));
        CapStore store = new RacingStore(new InMemoryCapStore(Duration.ofDays(90)));
        CapReservations reservations = new CapReservations(store, new FactAssembler(null, null, store, config()));

        // Sign-up and newsletter at once: welcome (90) outranks the newsletter confirmation (85).
        Evaluation evaluation = reservations.evaluateAndReserve(ruleset, facts(ruleset), new RuleLimits(10_000, java.time.Duration.ofSeconds(30)));

        assertThat(evaluation.chosen()).extracting(chosen -> chosen.candidate().getActionId())
                .containsExactly("newsletter-confirmation");
        assertThat(evaluation.setAside()).anySatisfy(aside -> {
            assertThat(aside.candidate().getActionId()).isEqualTo("welcome-email");
            assertThat(aside.reason()).isEqualTo("FREQUENCY_CAP");
        });
        assertThat(store.history("c-1", NOW.minusSeconds(60), NOW)).extracting(Contact::actionId)
                .containsExactlyInAnyOrder("welcome-email", "newsletter-confirmation");
    }

    @Test
    void whenTheContactStoreFailsAtReservationTheContactIsHeldBack() {
        Ruleset ruleset = new RulesetCompiler(Clock.systemUTC()).compile(RuleFiles.read(Path.of("rules")));
        CapStore failing = new RacingStore(new InMemoryCapStore(Duration.ofDays(90))) {
            @Override
            public Reservations reserveAll(String customerId, List<Request> requests, String newStamp) {
                throw new IllegalStateException("connection refused");
            }
        };
        CapReservations reservations = new CapReservations(failing, new FactAssembler(null, null, failing, config()));

        Evaluation evaluation = reservations.evaluateAndReserve(ruleset, facts(ruleset), new RuleLimits(10_000, java.time.Duration.ofSeconds(30)));

        assertThat(evaluation.chosen()).isEmpty();
        assertThat(evaluation.setAside()).extracting(Evaluation.SetAside::reason).contains("CAPS_UNAVAILABLE");
    }

    /** Before the first reservation, "another replica" sends the same welcome email. */
    private static class RacingStore implements CapStore {
        private final CapStore delegate;
        private boolean raced;

        RacingStore(CapStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public List<Contact> history(String customerId, Instant from, Instant to) {
            return delegate.history(customerId, from, to);
        }

        @Override
        public ContactSnapshot snapshot(String customerId, Instant from, Instant to) {
            return delegate.snapshot(customerId, from, to);
        }

        @Override
        public String restamp(String customerId, String newStamp) {
            return delegate.restamp(customerId, newStamp);
        }

        @Override
        public Reservations reserveAll(String customerId, List<Request> requests, String newStamp) {
            if (!raced) {
                raced = true;
                Contact contact = requests.get(0).contact();
                delegate.reserve(customerId, new Contact(UUID.randomUUID().toString(), contact.actionId(),
                        contact.channel(), contact.category(), contact.at()), List.of());
            }
            return delegate.reserveAll(customerId, requests, newStamp);
        }

        @Override
        public void release(String customerId, Contact contact) {
            delegate.release(customerId, contact);
        }

        @Override
        public void forget(String customerId) {
            delegate.forget(customerId);
        }
    }

    private static DecisionFacts facts(Ruleset ruleset) {
        Customer customer = new Customer("c-1", true, "consumer", PARIS, 0, null, false, Set.of("email"), Map.of(), Map.of());
        Context context = new Context(NOW, PARIS, "web", 1, Map.of());
        List<Event> events = List.of(
                new Event("e1", "signed_up", NOW, "web", Map.of(), true, NOW),
                new Event("e2", "newsletter_subscribed", NOW, "web", Map.of(), true, NOW));
        return new DecisionFacts(customer, events, context, QuietHours.parse("21:00-08:00", context),
                new ContactHistory(List.of(), NOW), new ContactCaps(ruleset.caps(), List.of(), NOW, PARIS, Set.of()));
    }

    private static DecisionConfig config() {
        return new DecisionConfig() {
            @Override
            public int historyDays() {
                return 30;
            }

            @Override
            public int historyMaxEvents() {
                return 200;
            }

            @Override
            public int contactHistoryDays() {
                return 90;
            }

            @Override
            public String defaultQuietHours() {
                return "21:00-08:00";
            }

            @Override
            public String defaultTimezone() {
                return "UTC";
            }

            @Override
            public java.time.Duration atMaxSkew() {
                return java.time.Duration.ofMinutes(2);
            }

            @Override
            public java.time.Duration deadline() {
                return java.time.Duration.ofMillis(1500);
            }
        };
    }
}
