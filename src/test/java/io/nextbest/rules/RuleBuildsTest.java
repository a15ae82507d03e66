package io.nextbest.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RuleBuildsTest {
    @Test
    void buildsRunOnTheBuilderThreadAtTheLowestPriority() {
        Thread builder = RuleBuilds.run(Thread::currentThread);

        assertThat(builder).isNotSameAs(Thread.currentThread());
        assertThat(builder.getName()).isEqualTo("rule-builder");
        assertThat(builder.getPriority()).isEqualTo(Thread.MIN_PRIORITY);
    }

    @Test
    void aRejectionReachesTheCallerUnchanged() {
        RulesetRejectedException rejected = new RulesetRejectedException(
                List.of(new RuleProblem("triggers.drl", 3, 1, "no viable alternative")));

        assertThatThrownBy(() -> RuleBuilds.run(() -> {
            throw rejected;
        })).isSameAs(rejected);
    }

    @Test
    void aBuildStartedByABuildRunsInPlaceInsteadOfWaitingForItself() {
        // An activation runs its compile through RuleBuilds too: on one thread, queueing it would never end.
        String inner = RuleBuilds.run(() -> RuleBuilds.run(() -> Thread.currentThread().getName()));

        assertThat(inner).isEqualTo("rule-builder");
    }
}
