package io.nextbest.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RefusalPauseTest {
    @Test
    void refusalsMadeTogetherWaitBetweenHalfAndAllOfTheDelayNotAllTheSame() {
        Set<Duration> drawn = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            Duration pause = RefusalPause.drawnFrom(Duration.ofSeconds(10));
            assertThat(pause).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(10));
            drawn.add(pause);
        }
        assertThat(drawn).as("distinct pauses among 200 refusals").hasSizeGreaterThan(100);
    }

    @Test
    void noDelayStaysNoDelay() {
        assertThat(RefusalPause.drawnFrom(Duration.ZERO)).isZero();
    }
}
