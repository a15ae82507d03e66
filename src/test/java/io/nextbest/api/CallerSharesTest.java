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
            assertThat(share.admit(now)).isNull();
        }

        assertThat(share.admit(now)).contains("3 requests under way");
        share.done();
        assertThat(share.admit(now)).isNull();
    }

    @Test
    void aKeyThatSentASecondsWorthAtOnceIsRefusedUntilTheRateAllowsOneMore() {
        CallerShares.Share share = new CallerShares.Share(100, 10);
        long now = System.nanoTime() + SECOND; // the bucket starts full
        for (int i = 0; i < 10; i++) {
            assertThat(share.admit(now)).isNull();
            share.done();
        }

        assertThat(share.admit(now)).contains("more than 10 requests a second");
        assertThat(share.admit(now + SECOND / 20)).as("half a token later").isNotNull();
        assertThat(share.admit(now + SECOND / 10)).as("a token later").isNull();
        share.done();
        // Idle for a minute: a second's worth at once again, not a minute's.
        long later = now + 60 * SECOND;
        for (int i = 0; i < 10; i++) {
            assertThat(share.admit(later)).isNull();
            share.done();
        }
        assertThat(share.admit(later)).isNotNull();
    }
}
