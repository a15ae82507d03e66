package io.nextbest.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A key's share of a replica: requests under way, and a rate with a second's worth at once. */
class CallerSharesTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aKeyWithAllItsRequestsUnderWayIsRefusedUntilOneEnds() {
        CallerShares.Share share = new CallerShares.Share(3, 1000);
        long now = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            assertThat(share.admit(now, 1)).isNull();
        }

        assertThat(share.admit(now, 1)).contains("3 requests under way");
        share.done();
        assertThat(share.admit(now, 1)).isNull();
    }

    @Test
    void aKeyThatSentASecondsWorthAtOnceIsRefusedUntilTheRateAllowsOneMore() {
        CallerShares.Share share = new CallerShares.Share(100, 10);
        long now = System.nanoTime() + SECOND; // the bucket starts full
        for (int i = 0; i < 10; i++) {
            assertThat(share.admit(now, 1)).isNull();
            share.done();
        }

        assertThat(share.admit(now, 1)).contains("more than 10 requests a second");
        assertThat(share.admit(now + SECOND / 20, 1)).as("half a token later").isNotNull();
        assertThat(share.admit(now + SECOND / 10, 1)).as("a token later").isNull();
        share.done();
        // Idle for a minute: a second's worth at once again, not a minute's.
        long later = now + 60 * SECOND;
        for (int i = 0; i < 10; i++) {
            assertThat(share.admit(later, 1)).isNull();
            share.done();
        }
        assertThat(share.admit(later, 1)).isNotNull();
    }

    @Test
    void aLargeBodyTakesTheRateOfManyRequests() {
        CallerShares.Share share = new CallerShares.Share(100, 100);
        long now = System.nanoTime() + SECOND;
        assertThat(share.admit(now, 65)).as("256 KiB").isNull();
        share.done();

        assertThat(share.admit(now, 65)).as("another at once").isNotNull();
        assertThat(share.admit(now, 1)).as("an ordinary request").isNull();
        // More than a second's worth is admitted once the bucket is full, never more often than that.
        CallerShares.Share small = new CallerShares.Share(100, 10);
        assertThat(small.admit(now, 65)).isNull();
    }

    @Test
    void refusalsStillPendingAreCounted() {
        CallerShares.Share share = new CallerShares.Share(1, 10);
        assertThat(share.refusing()).isZero();
        assertThat(share.refusing()).isEqualTo(1);
        share.refused();
        share.refused();
        assertThat(share.refusing()).as("none pending any more").isZero();
    }

    @Test
    void aKeyChargedForItsClientErrorsWaitsThemOutButNeverMoreThanASecond() {
        CallerShares.Share share = new CallerShares.Share(100, 10);
        long now = System.nanoTime() + SECOND;
        assertThat(share.admit(now, 1)).isNull();
        share.done();
        share.charge(9); // a 400: ten requests' worth in all

        assertThat(share.admit(now, 1)).as("a second's worth spent").isNotNull();
        share.charge(1_000);
        assertThat(share.admit(now + SECOND, 1)).as("owing a second's worth at most").isNotNull();
        assertThat(share.admit(now + 2 * SECOND + SECOND / 10, 1)).isNull();
    }
}
