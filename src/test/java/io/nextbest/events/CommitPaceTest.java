package io.nextbest.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A decision waits the commit wait while the database keeps pace, the short wait while it is slow. */
class CommitPaceTest {
    private static final long MS = 1_000_000L;
    private final CommitPace pace = new CommitPace(Duration.ofMillis(250), Duration.ofMillis(25));

    @Test
    void aDatabaseThatKeepsPaceGetsTheWholeCommitWait() {
        assertThat(pace.waitMillis(0)).isEqualTo(250);
        pace.started(1_000 * MS);
        assertThat(pace.waitMillis(1_100 * MS)).as("a commit under way for 100 ms").isEqualTo(250);
        pace.ended(1_005 * MS);
        assertThat(pace.waitMillis(1_006 * MS)).isEqualTo(250);
        assertThat(pace.slow(1_006 * MS)).isFalse();
    }

    @Test
    void aCommitUnderWayLongerThanTheWaitMakesTheNextDecisionsWaitLess() {
        pace.started(1_000 * MS);
        assertThat(pace.waitMillis(1_251 * MS)).isEqualTo(25);
        assertThat(pace.slow(1_251 * MS)).isTrue();
    }

    @Test
    void aSlowCommitKeepsTheWaitShortUntilACommitKeepsPaceAgain() {
        pace.started(1_000 * MS);
        pace.ended(1_400 * MS);
        assertThat(pace.waitMillis(1_401 * MS)).isEqualTo(25);
        pace.started(1_500 * MS);
        assertThat(pace.waitMillis(1_510 * MS)).as("still slow until this commit ends").isEqualTo(25);
        pace.ended(1_520 * MS);
        assertThat(pace.waitMillis(1_521 * MS)).isEqualTo(250);
    }

    @Test
    void theShortWaitIsNeverLongerThanTheCommitWait() {
        CommitPace odd = new CommitPace(Duration.ofMillis(10), Duration.ofMillis(25));
        odd.started(0);
        odd.ended(20 * MS);
        assertThat(odd.waitMillis(21 * MS)).isEqualTo(10);
    }
}
