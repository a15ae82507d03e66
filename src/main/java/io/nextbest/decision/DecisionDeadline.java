package io.nextbest.decision;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A caller's wait for one decision, shared by the thread deciding and the timer that answers for it. Whichever
 * comes first settles it: the decision {@link #commit() committing} (its contacts kept, its record written, its
 * answer given however late the writes after that make it) or the deadline {@link #abandon() abandoning} it (the
 * caller told 503; the decision stops at its next step and gives back whatever it reserved).
 */
public final class DecisionDeadline {
    /** For decisions no caller waits on (journey steps): never abandoned. */
    public static final DecisionDeadline NONE = new DecisionDeadline(null);

    private enum State { DECIDING, COMMITTED, ABANDONED }

    private final AtomicReference<State> state = new AtomicReference<>(State.DECIDING);
    private final Duration limit;

    private DecisionDeadline(Duration limit) {
        this.limit = limit;
    }

    public static DecisionDeadline of(Duration limit) {
        return new DecisionDeadline(limit);
    }

    public Duration limit() {
        return limit;
    }

    /** Called when the deadline passes: true when the decision had not committed, and now never will. */
    public boolean abandon() {
        return state.compareAndSet(State.DECIDING, State.ABANDONED);
    }

    /** Called by the decision before anything it did becomes final: false when the caller was already told 503. */
    boolean commit() {
        return state.compareAndSet(State.DECIDING, State.COMMITTED);
    }

    /** Between steps: a decision its caller no longer waits for goes no further. */
    void requireDeciding() {
        if (state.get() == State.ABANDONED) {
            throw new DeadlineExceededException(limit);
        }
    }
}
