package io.nextbest.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nextbest.facts.Candidate;
import io.nextbest.facts.Event;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.drools.kiesession.session.StatefulKnowledgeSessionImpl;
import org.junit.jupiter.api.Test;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.DefaultRuleRuntimeEventListener;
import org.kie.api.runtime.KieSession;

class SessionPoolTest {
    private static final Ruleset RULESET = new RulesetCompiler(Clock.systemUTC()).compile(Map.of("welcome.drl", """
            package nextbest;
            import io.nextbest.facts.*;
            rule "Sign-up: welcome"
                agenda-group "triggers"
            when
                Event( type == "signed_up", current )
            then
                insert(Candidate.email("welcome"));
            end
            """.getBytes(StandardCharsets.UTF_8)));

    @Test
    void aSessionGivenBackIsLentAgainWithNoFactsListenersOrFocus() {
        SessionPool pool = new SessionPool(RULESET.kieBase(), 1);
        KieSession session = pool.borrow();
        session.addEventListener(new DefaultAgendaEventListener());
        session.addEventListener(new DefaultRuleRuntimeEventListener());
        session.insert(signUp());
        decide(session);

        pool.giveBack(session);
        KieSession again = pool.borrow();

        assertThat(again).isSameAs(session);
        assertThat(again.getFactCount()).isZero();
        assertThat(again.getAgendaEventListeners()).isEmpty();
        assertThat(again.getRuleRuntimeEventListeners()).isEmpty();
        assertThat(((StatefulKnowledgeSessionImpl) again).getAgenda().getFocusName()).isEqualTo("MAIN");
    }

    @Test
    void aSessionWhoseRulesHaltedWithPhasesStillToRunIsLentAgainWithNothingFocused() {
        Ruleset halting = new RulesetCompiler(Clock.systemUTC()).compile(Map.of("halt.drl", """
                package nextbest;
                import io.nextbest.facts.*;
                rule "Stop everything"
                    agenda-group "triggers"
                when
                    Event( type == "signed_up" )
                then
                    drools.halt();
                end

                rule "Arbitrate"
                    agenda-group "arbitration"
                when
                    Event( type == "signed_up" )
                then
                    insert(Candidate.email("never"));
                end
                """.getBytes(StandardCharsets.UTF_8)));
        SessionPool pool = new SessionPool(halting.kieBase(), 1);
        KieSession session = pool.borrow();
        session.insert(signUp());
        session.getAgenda().getAgendaGroup("arbitration").setFocus();
        session.getAgenda().getAgendaGroup("triggers").setFocus();
        session.fireAllRules();

        pool.giveBack(session);
        KieSession again = pool.borrow();

        assertThat(again).isSameAs(session);
        assertThat(((StatefulKnowledgeSessionImpl) again).getAgenda().getFocusName()).isEqualTo("MAIN");
        assertThat(again.fireAllRules()).isZero();
    }

    @Test
    void aRuleOnTheAbsenceOfAFactFiresOnAReusedSessionWhenTheFactIsAbsent() {
        Ruleset absence = new RulesetCompiler(Clock.systemUTC()).compile(Map.of("absence.drl", """
                package nextbest;
                import io.nextbest.facts.*;
                rule "Never bought: first-order discount"
                    agenda-group "triggers"
                when
                    not Event( type == "purchase" )
                then
                    insert(Candidate.email("first-order-discount"));
                end

                rule "No purchase counted: survey"
                    agenda-group "triggers"
                when
                    accumulate( Event( type == "purchase" ); $purchases : count(); $purchases == 0 )
                then
                    insert(Candidate.web("survey"));
                end
                """.getBytes(StandardCharsets.UTF_8)));
        SessionPool pool = new SessionPool(absence.kieBase(), 1);
        Instant now = Instant.parse("2026-11-23T09:15:00Z");
        Event purchase = new Event("p", "purchase", now, "web", Map.of(), false, now);

        List<Integer> candidates = new ArrayList<>();
        for (boolean bought : List.of(true, false, false, true, false)) {
            KieSession session = pool.borrow();
            if (bought) {
                session.insert(purchase);
            }
            decide(session);
            candidates.add(session.getObjects(Candidate.class::isInstance).size());
            pool.giveBack(session);
        }

        assertThat(candidates).containsExactly(0, 2, 2, 0, 2);
        assertThat(pool.idleCount()).isEqualTo(1);
    }

    @Test
    void onAReusedSessionAnActivationGroupStillLetsOnlyItsFirstMatchFire() {
        Ruleset firstMatchWins = new RulesetCompiler(Clock.systemUTC()).compile(Map.of("first-match.drl", """
                package nextbest;
                import io.nextbest.facts.*;
                rule "Best row"
                    agenda-group "triggers"
                    activation-group "rows"
                    salience 20
                when
                    Event( type == "signed_up" )
                then
                    insert(Candidate.email("best"));
                end
                rule "Second row"
                    agenda-group "triggers"
                    activation-group "rows"
                    salience 10
                when
                    Event( type == "signed_up" )
                then
                    insert(Candidate.email("second"));
                end
                """.getBytes(StandardCharsets.UTF_8)));
        SessionPool pool = new SessionPool(firstMatchWins.kieBase(), 1);
        KieSession reused = oneSignUpAfterTenOnTheSameSession(pool);

        assertThat(reused.getObjects(Candidate.class::isInstance)).singleElement()
                .extracting(candidate -> ((Candidate) candidate).getActionId()).isEqualTo("best");
    }

    @Test
    void onAReusedSessionALockOnActiveRuleStillFires() {
        Ruleset lockOnActive = new RulesetCompiler(Clock.systemUTC()).compile(Map.of("lock.drl", """
                package nextbest;
                import io.nextbest.facts.*;
                rule "Welcome once per decision"
                    agenda-group "triggers"
                    lock-on-active true
                when
                    Event( type == "signed_up" )
                then
                    insert(Candidate.email("welcome"));
                end
                """.getBytes(StandardCharsets.UTF_8)));
        SessionPool pool = new SessionPool(lockOnActive.kieBase(), 1);
        KieSession reused = oneSignUpAfterTenOnTheSameSession(pool);

        assertThat(reused.getObjects(Candidate.class::isInstance)).hasSize(1);
    }

    @Test
    void aDiscardedSessionIsDisposedAndNeverLentAgain() {
        SessionPool pool = new SessionPool(RULESET.kieBase(), 1);
        KieSession session = pool.borrow();

        pool.discard(session);

        assertThat(pool.idleCount()).isZero();
        assertThat(pool.borrow()).isNotSameAs(session);
        assertThatThrownBy(() -> session.insert("anything")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void sessionsBeyondTheCapacityAreDisposedWhenGivenBack() {
        SessionPool pool = new SessionPool(RULESET.kieBase(), 1);
        KieSession first = pool.borrow();
        KieSession second = pool.borrow();

        pool.giveBack(first);
        pool.giveBack(second);

        assertThat(pool.idleCount()).isEqualTo(1);
        assertThat(pool.borrow()).isSameAs(first);
        assertThatThrownBy(() -> second.insert("anything")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aClosedPoolFreesItsIdleSessionsAndDisposesTheOnesStillLentWhenTheyComeBack() {
        SessionPool pool = new SessionPool(RULESET.kieBase(), 2);
        KieSession idle = pool.borrow();
        KieSession lent = pool.borrow();
        pool.giveBack(idle);

        pool.close();
        pool.giveBack(lent);

        assertThat(pool.idleCount()).isZero();
        assertThatThrownBy(() -> idle.insert("anything")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> lent.insert("anything")).isInstanceOf(IllegalStateException.class);
        KieSession afterClose = pool.borrow();
        afterClose.insert("still works");
        assertThat(afterClose.getFactCount()).isEqualTo(1);
    }

    /**
     * A decision of ten sign-ups, then one of a single sign-up on the same (reused) session: the first
     * decision's marks lie beyond the second one's facts.
     */
    private static KieSession oneSignUpAfterTenOnTheSameSession(SessionPool pool) {
        KieSession session = pool.borrow();
        for (int i = 0; i < 10; i++) {
            session.insert(signUp());
        }
        decide(session);
        pool.giveBack(session);

        KieSession reused = pool.borrow();
        reused.insert(signUp());
        decide(reused);
        assertThat(reused).isSameAs(session);
        return reused;
    }

    private static Event signUp() {
        Instant now = Instant.parse("2026-11-23T09:15:00Z");
        return new Event("s", "signed_up", now, "web", Map.of(), true, now);
    }

    private static void decide(KieSession session) {
        session.getAgenda().getAgendaGroup("triggers").setFocus();
        session.fireAllRules();
    }
}
