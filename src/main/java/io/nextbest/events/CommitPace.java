package io.nextbest.events;

/**
 * How long a decision waits for its events' commit: the commit wait while the database keeps pace, a much shorter
 * one while it is slow — its last commit took longer than the commit wait, or the one under way already has. A
 * decision that stops waiting goes on once its events are in the Redis backlog, so a slow database costs each
 * decision the short wait and a Redis write, not the whole commit wait.
 */
final class CommitPace {
    private final long waitNanos;
    private final long slowWaitNanos;
    private volatile boolean committing;
    private volatile long startedAt;
    private volatile boolean slow;

    CommitPace(java.time.Duration wait, java.time.Duration slowWait) {
        this.waitNanos = wait.toNanos();
        this.slowWaitNanos = Math.min(slowWait.toNanos(), waitNanos);
    }

    /** The writer starts a commit (one thread: the writer's). */
    void started(long now) {
        startedAt = now;
        committing = true;
    }

    void ended(long now) {
        slow = now - startedAt > waitNanos;
        committing = false;
    }

    /** How long a decision handing its events over now waits for their commit. */
    long waitMillis(long now) {
        boolean late = committing && now - startedAt > waitNanos;
        return (slow || late ? slowWaitNanos : waitNanos) / 1_000_000;
    }

    boolean slow(long now) {
        return waitMillis(now) < waitNanos / 1_000_000;
    }
}
