package io.nextbest.events;

import io.nextbest.state.CustomerChanges.Restamp;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A decision's events on their way to the database: the decision goes on (gathers facts, runs the
 * rules) while the group commit writes them, and waits here before it does anything that must not
 * happen for events that were not stored — reserving a contact, answering.
 */
public final class EventsInFlight {
    /** A decision that stores no events. */
    public static final EventsInFlight NONE = new EventsInFlight(CompletableFuture.completedFuture(Restamp.NONE), null, 0);

    private final CompletableFuture<Restamp> stored;
    private final String customerId;
    private final long waitSeconds;

    EventsInFlight(CompletableFuture<Restamp> stored, String customerId, long waitSeconds) {
        this.stored = stored;
        this.customerId = customerId;
        this.waitSeconds = waitSeconds;
    }

    /**
     * Returns once the events are committed; throws when they could not be (then nothing of the
     * decision may take effect, and its client retries).
     *
     * @return the restamp the decision owes for them, which it sends before it answers (none when the
     *         events were replays, or were stored and restamped before this returned)
     */
    public Restamp await() {
        try {
            return stored.get(waitSeconds, TimeUnit.SECONDS);
        } catch (ExecutionException failed) {
            throw failed.getCause() instanceof RuntimeException runtime ? runtime
                    : new EventsNotStoredException("The events of " + customerId + " were not stored", failed.getCause());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new EventsNotStoredException("Interrupted while the events of " + customerId + " were stored", interrupted);
        } catch (TimeoutException late) {
            throw new EventsNotStoredException("The events of " + customerId + " were not stored within " + waitSeconds + " s", late);
        }
    }
}
