package io.nextbest.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A decision waits the commit wait while the database keeps pace, the short wait while it is slow. */
class CommitPaceTest {
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000 * MS;
    private final CommitPace pace = new CommitPace(Duration.ofMillis(250), Duration.ofMillis(25));

    @Test
    void aDatabaseThatKeepsPaceGetsTheWholeCommitWait() {
        assertThat(pace.waitMillis(0)).isEqualTo(250);
        pace.started(SECOND);
        assertThat(pace.waitMillis(SECOND + 100 * MS)).as("a commit under way for 100 ms").isEqualTo(250);
        pace.ended(SECOND + 105 * MS);
        assertThat(pace.waitMillis(SECOND + 106 * MS)).isEqualTo(250);
        assertThat(pace.slow(SECOND + 106 * MS)).isFalse();
    }

    @Test
    void aCommitUnderWayLongerThanHalfTheWaitMakesTheNextDecisionsWaitLess() {
        pace.started(SECOND);
        assertThat(pace.waitMillis(SECOND + 126 * MS)).isEqualTo(25);
        assertThat(pace.slow(SECOND + 126 * MS)).isTrue();
    }

    @Test
    void aSlowCommitKeepsTheWaitShortForFiveSecondsWhateverCommitsInBetween() {
        pace.started(SECOND);
        pace.ended(SECOND + 400 * MS);
        pace.started(SECOND + 500 * MS);
        pace.ended(SECOND + 510 * MS); // a quick one: the link answered it in one round trip
        assertThat(pace.waitMillis(SECOND + 600 * MS)).isEqualTo(25);
        assertThat(pace.waitMillis(SECOND + 400 * MS + 4_900 * MS)).isEqualTo(25);
        assertThat(pace.waitMillis(SECOND + 400 * MS + 5_001 * MS)).as("five seconds after the last slow one").isEqualTo(250);
    }

    @Test
    void theShortWaitIsNeverLongerThanTheCommitWait() {
        CommitPace odd = new CommitPace(Duration.ofMillis(10), Duration.ofMillis(25));
        odd.started(0);
        odd.ended(20 * MS);
        assertThat(odd.waitMillis(21 * MS)).isEqualTo(10);
    }
}
