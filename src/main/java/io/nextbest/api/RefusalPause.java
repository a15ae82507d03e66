package io.nextbest.api;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long a refusal (a 429, a busy 503) waits before it is written: between half and all of its delay, drawn
 * afresh each time, so that refusals made together are not answered together. A thousand connections refused in
 * one burst would otherwise come back in one burst, each burst a stall for every other caller.
 */
final class RefusalPause {
    private RefusalPause() {
    }

    static Duration drawnFrom(Duration most) {
        long millis = most.toMillis();
        return Duration.ofMillis(millis / 2 + ThreadLocalRandom.current().nextLong(millis / 2 + 1));
    }
}
