package io.nextbest.api;

import io.nextbest.decision.DeadlineExceededException;
import io.nextbest.decision.Decision;
import io.nextbest.decision.DecisionConfig;
import io.nextbest.decision.DecisionDeadline;
import io.nextbest.decision.DecisionQuery;
import io.nextbest.decision.DecisionService;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.jboss.logging.MDC;

/**
 * Answers every decision by its deadline ({@code nextbest.decisions.deadline}). The decision runs on a worker
 * thread (it reads and writes the stores, which block); the caller's request waits on the event loop with a
 * timer, not on that thread. When the timer fires first, the caller gets a 503 at once and the decision is
 * abandoned: one still queued for a worker never starts, one under way stops at its next step and gives back
 * what it reserved. So a slow database costs callers at most the deadline, and never a contact they did not get.
 */
@ApplicationScoped
class DecisionsOnTime {
    private final DecisionService decisions;
    private final DecisionConfig config;
    private final Vertx vertx;
    private final Executor workers = Infrastructure.getDefaultWorkerPool();

    DecisionsOnTime(DecisionService decisions, DecisionConfig config, Vertx vertx) {
        this.decisions = decisions;
        this.config = config;
        this.vertx = vertx;
    }

    /** @param waited how long the caller has waited already (its request's body read and checked) */
    CompletionStage<Decision> decide(DecisionQuery query, Duration waited) {
        DecisionDeadline deadline = DecisionDeadline.of(config.deadline());
        CompletableFuture<Decision> answer = new CompletableFuture<>();
        long timer = vertx.setTimer(Math.max(1, config.deadline().minus(waited).toMillis()), fired -> {
            if (deadline.abandon()) {
                answer.completeExceptionally(new DeadlineExceededException(deadline.limit()));
            }
        });
        workers.execute(() -> {
            // The stores' beans (Hibernate's session among them) expect a request context, as on a blocking endpoint.
            ManagedContext requestContext = Arc.container().requestContext();
            requestContext.activate();
            try {
                answer.complete(decisions.decide(query, deadline));
            } catch (RuntimeException | Error failed) {
                answer.completeExceptionally(failed);
            } finally {
                vertx.cancelTimer(timer);
                requestContext.terminate();
                // Completing the answer wrote it (and logged any error with the decision's id): the worker moves on.
                MDC.remove(DecisionService.DECISION_ID);
            }
        });
        return answer;
    }
}
