package io.nextbest.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RuleBuildsTest {
    @Test
    void buildsRunOnTheBuilderThreadAtTheLowestPriority() {
        Thread builder = RuleBuilds.run("a test", Thread::currentThread);

        assertThat(builder).isNotSameAs(Thread.currentThread());
        assertThat(builder.getName()).isEqualTo("rule-builder");
        assertThat(builder.getPriority()).isEqualTo(Thread.MIN_PRIORITY);
    }

    @Test
    void aRejectionReachesTheCallerUnchanged() {
        RulesetRejectedException rejected = new RulesetRejectedException(
                List.of(new RuleProblem("triggers.drl", 3, 1, "no viable alternative")));

        assertThatThrownBy(() -> RuleBuilds.run("a test", () -> {
            throw rejected;
        })).isSameAs(rejected);
    }

    @Test
    void aBuildStartedByABuildRunsInPlaceInsteadOfWaitingForItself() {
        // An activation runs its compile through RuleBuilds too: on one thread, queueing it would never end.
        String inner = RuleBuilds.run("outer", () -> RuleBuilds.run("inner", () -> Thread.currentThread().getName()));

        assertThat(inner).isEqualTo("rule-builder");
    }

    @Test
    void aCallerThatMayNotWaitLongIsToldWhichBuildKeepsTheBuilderBusy() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        CompletableFuture<Boolean> busy = CompletableFuture.supplyAsync(() -> RuleBuilds.run("validation of ruleset abc", () -> {
            started.countDown();
            try {
                return done.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                return false;
            }
        }));
        assertThat(started.await(60, TimeUnit.SECONDS)).isTrue();
        try {
            assertThatThrownBy(() -> RuleBuilds.awaitTurn(Duration.ofMillis(200)))
                    .isInstanceOfSatisfying(BuildInProgressException.class, refused -> {
                        assertThat(refused.running().what()).isEqualTo("validation of ruleset abc");
                        assertThat(refused.waited()).isEqualTo(Duration.ofMillis(200));
                    });
        } finally {
            done.countDown();
        }
        assertThat(busy.get(60, TimeUnit.SECONDS)).isTrue();
        RuleBuilds.awaitTurn(Duration.ofSeconds(60));
        assertThat(RuleBuilds.current()).isEmpty();
    }
}
