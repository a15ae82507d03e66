package io.nextbest.events;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "nextbest.events")
public interface EventsConfig {
    /**
     * How long a decision waits for its events' commit before it goes on while the writer still holds
     * them (a slow or absent database then costs a decision this much at most). Well inside the decision's
     * deadline ({@code nextbest.decisions.deadline}, 1.5 s), so a slow database delays decisions, not refuses them;
     * a commit takes a few milliseconds when the database is well.
     */
    @WithDefault("250ms")
    Duration commitWait();

    /**
     * The commit wait while the database is slow: a commit took more than half the commit wait in the last five
     * seconds, or the one under way has. A decision then goes on sooner, its events in the Redis backlog, so a database answering slowly
     * costs it this rather than the whole commit wait (see {@link CommitPace}).
     */
    @WithDefault("25ms")
    Duration slowCommitWait();

    /**
     * Decisions' events a replica holds while the database does not answer, written when it answers again.
     * A decision that would hold more is refused with 503 and Retry-After, before anything takes effect.
     */
    @WithDefault("50000")
    int backlogCapacity();
}
