package io.nextbest.events;

import java.time.Duration;

/**
 * How long a decision waits for its events' commit: the commit wait while the database keeps pace, a much shorter
 * one while it is slow — a commit took more than half the commit wait in the last {@link #SLOW_FOR}, or the one
 * under way already has. A decision that stops waiting goes on once its events are in the Redis backlog, so a slow
 * database costs each decision the short wait and a Redis write, not the whole commit wait. One slow commit is
 * enough, and a quick one in between is not: a slow link answers some commits in one round trip and most in two.
 */
final class CommitPace {
    static final Duration SLOW_FOR = Duration.ofSeconds(5);

    private final long waitNanos;
    private final long slowWaitNanos;
    private final long slowCommitNanos;
    private volatile boolean committing;
    private volatile long startedAt;
    private volatile boolean everSlow;
    private volatile long lastSlowAt;

    CommitPace(Duration wait, Duration slowWait) {
        this.waitNanos = wait.toNanos();
        this.slowWaitNanos = Math.min(slowWait.toNanos(), waitNanos);
        this.slowCommitNanos = waitNanos / 2;
    }

    /** The writer starts a commit (one thread: the writer's). */
    void started(long now) {
        startedAt = now;
        committing = true;
    }

    void ended(long now) {
        if (now - startedAt > slowCommitNanos) {
            lastSlowAt = now;
            everSlow = true;
        }
        committing = false;
    }

    /** How long a decision handing its events over now waits for their commit. */
    long waitMillis(long now) {
        return (slow(now) ? slowWaitNanos : waitNanos) / 1_000_000;
    }

    boolean slow(long now) {
        return committing && now - startedAt > slowCommitNanos
                || everSlow && now - lastSlowAt < SLOW_FOR.toNanos();
    }
}
