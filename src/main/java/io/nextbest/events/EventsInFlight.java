package io.nextbest.events;

import io.nextbest.state.CustomerChanges.Restamp;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A decision's events on their way to the database: the decision goes on (gathers facts, runs the
 * rules) while the group commit writes them, and waits here before it does anything that must not
 * happen for events the service could still lose — reserving a contact, answering. They are safe once
 * committed, or once the writer holds them for a database that does not answer (it writes them when it
 * answers again, or to the log on shutdown).
 */
public final class EventsInFlight {
    /** A decision that stores no events. */
    public static final EventsInFlight NONE = new EventsInFlight(CompletableFuture.completedFuture(Restamp.NONE), null, 0, () -> { });

    private final CompletableFuture<Restamp> stored;
    private final String customerId;
    private final long waitMillis;
    private final Runnable keepDurably;

    /** @param keepDurably puts the events in the Redis backlog when the decision goes on without their commit */
    EventsInFlight(CompletableFuture<Restamp> stored, String customerId, long waitMillis, Runnable keepDurably) {
        this.stored = stored;
        this.customerId = customerId;
        this.waitMillis = waitMillis;
        this.keepDurably = keepDurably;
    }

    /**
     * Returns once the events are committed, or held by the writer for a slow or absent database; throws
     * when they were refused (then nothing of the decision may take effect).
     *
     * @return the restamp the decision owes for them, which it sends before it answers (none when the
     *         events were replays, were stored and restamped before this returned, or are still held:
     *         then the writer restamps the customer once it has stored them)
     */
    public Restamp await() {
        try {
            return stored.get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException late) {
            // Whoever completes the future first decides: the writer, seeing it taken, restamps on its own.
            if (stored.complete(Restamp.NONE)) {
                keepDurably.run(); // throws when nothing outside this process took them: then nothing takes effect
                return Restamp.NONE;
            }
            return await();
        } catch (ExecutionException failed) {
            throw failed.getCause() instanceof RuntimeException runtime ? runtime
                    : new EventsNotStoredException("The events of " + customerId + " were not stored", failed.getCause());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new EventsNotStoredException("Interrupted while the events of " + customerId + " were stored", interrupted);
        }
    }
}
