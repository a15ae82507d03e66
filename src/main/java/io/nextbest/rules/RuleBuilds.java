package io.nextbest.rules;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * The one thread that compiles rulesets and runs their scenario gates, at the lowest thread priority.
 * A 1,000-rule build keeps a core busy for seconds, and on a small replica the decisions need that core:
 * with builds at the normal priority, the median decision took 3.3 times as long while a build ran as
 * between builds. With {@code -XX:ThreadPriorityPolicy=1 -XX:JavaPriority1_To_OSPriority=19} (in the
 * image, the Kubernetes manifests and the benchmarks) this thread, and the Drools compiler workers it
 * starts, run at nice 19 and the kernel runs a ready decision first: twice as long (README, "Rule changes
 * under load"; the p99 is not helped). Without those options the priority is only a hint. One thread also means builds (reloads, validations, simulations with
 * files) queue instead of taking every core when several arrive together.
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

    private RuleBuilds() {
    }

    /** Runs the work on the builder thread and waits for it; its exceptions reach the caller unchanged. */
    public static <T> T run(Supplier<T> work) {
        if (Thread.currentThread() == builder) {
            return work.get();
        }
        Future<T> result = BUILDER.submit(work::get);
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
}
