package io.nextbest.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The one thread that compiles rulesets and runs their scenario gates, at the lowest thread priority.
 * A 1,000-rule build keeps a core busy for seconds, and on a small replica the decisions need that core:
 * with builds at the normal priority, the median decision took 3.3 times as long while a build ran as
 * between builds. With {@code -XX:ThreadPriorityPolicy=1 -XX:JavaPriority1_To_OSPriority=19} (in the
 * image, the Kubernetes manifests and the benchmarks) this thread, and the Drools compiler workers it
 * starts, run at nice 19 and the kernel runs a ready decision first: twice as long (README, "Rule changes
 * under load"; the p99 is not helped). Without those options the priority is only a hint. One thread also means builds (reloads, validations, simulations with
 * files) queue instead of taking every core when several arrive together; what it is building, and since when, is
 * known ({@link #current}), so a caller that must not wait long can say so instead of queueing ({@link #awaitIdle}).
 */
public final class RuleBuilds {
    /** The builder thread, so work it starts itself (a compile inside an activation) runs in place. */
    private static volatile Thread builder;
    private static final ExecutorService BUILDER = Executors.newSingleThreadExecutor(work -> {
        Thread thread = new Thread(work, "rule-builder");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        builder = thread;
        return thread;
    });

    /** Work submitted and not finished yet, running or queued. */
    private static final AtomicInteger PENDING = new AtomicInteger();
    private static volatile Build running;
    private static final Object IDLE = new Object();

    private RuleBuilds() {
    }

    /**
     * What the builder is doing.
     *
     * @param what  in the analyst's words, e.g. "validation of ruleset 3f2a…"
     * @param since when it started
     */
    public record Build(String what, Instant since) {
    }

    /** The build running now; a build queued but not started yet shows as "a build about to start". */
    public static Optional<Build> current() {
        Build now = running;
        return now != null ? Optional.of(now)
                : PENDING.get() > 0 ? Optional.of(new Build("a build about to start", Instant.now())) : Optional.empty();
    }

    /**
     * Waits at most {@code limit} for the builder to have nothing to do, so the caller's build starts at once (unless
     * another arrived meanwhile: it then waits for that one).
     *
     * @throws BuildInProgressException naming the build still running after {@code limit}
     */
    public static void awaitTurn(Duration limit) {
        awaitIdle(limit).ifPresent(busy -> {
            throw new BuildInProgressException(busy, limit);
        });
    }

    private static Optional<Build> awaitIdle(Duration limit) {
        if (Thread.currentThread() == builder) {
            return Optional.empty();
        }
        long deadline = System.nanoTime() + limit.toNanos();
        synchronized (IDLE) {
            while (PENDING.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return current();
                }
                try {
                    IDLE.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return current();
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Runs the work on the builder thread and waits for it; its exceptions reach the caller unchanged.
     *
     * @param what what the work is, for {@link #current}: the outermost work names the build
     */
    public static <T> T run(String what, Supplier<T> work) {
        if (Thread.currentThread() == builder) {
            return work.get();
        }
        PENDING.incrementAndGet();
        Future<T> result;
        try {
            result = BUILDER.submit(() -> {
                running = new Build(what, Instant.now());
                try {
                    return work.get();
                } finally {
                    running = null;
                    finished();
                }
            });
        } catch (RuntimeException refused) {
            finished();
            throw refused;
        }
        try {
            return result.get();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a ruleset build", interrupted);
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failed.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(failed.getCause());
        }
    }

    private static void finished() {
        synchronized (IDLE) {
            PENDING.decrementAndGet();
            IDLE.notifyAll();
        }
    }
}
