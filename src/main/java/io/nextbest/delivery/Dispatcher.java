package io.nextbest.delivery;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Sends due deliveries to their channel's webhook, at least once. A replica claims a batch under row
 * locks the others skip and leases it by pushing its next attempt past the send time, then posts
 * outside any transaction (a slow receiver holds no lock), with the delivery id as Idempotency-Key, and
 * settles each one: delivered, or retried with doubling back-off until it is marked failed (retry it
 * through the API). A replica that dies while sending leaves its lease to expire; another one sends again.
 */
@ApplicationScoped
public class Dispatcher {
    private static final Logger LOG = Logger.getLogger(Dispatcher.class);
    private static final int BATCH = 20;

    private final EntityManager entityManager;
    private final DeliveryConfig config;
    private final Clock clock;
    private final String claimSql;
    private final HttpClient http;

    Dispatcher(EntityManager entityManager, DeliveryConfig config, Clock clock,
               @ConfigProperty(name = "quarkus.datasource.db-kind") String dbKind) {
        this.entityManager = entityManager;
        this.config = config;
        this.clock = clock;
        // PostgreSQL: replicas skip rows another one is claiming. The embedded H2 has one process only.
        String lock = "postgresql".equals(dbKind) ? " for update skip locked" : " for update";
        this.claimSql = "select id from delivery where status = 'PENDING' and next_attempt_at <= ?1 "
                + "order by next_attempt_at limit " + BATCH + lock;
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
    }

    /** A claimed delivery: what to post, and which attempt this is. */
    private record Claimed(String id, String channel, String body, int attempt) {
    }

    @Scheduled(every = "${nextbest.delivery.interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void dispatchDue() {
        if (config.webhooks().isEmpty()) {
            return;
        }
        try {
            while (dispatchBatch() == BATCH) {
                // keep going while full batches are due
            }
        } catch (RuntimeException failed) {
            LOG.warn("Delivery dispatch failed; the next run retries", failed);
        }
    }

    /** Claims a batch, posts it (all at once: the batch takes one timeout at most) and settles each delivery. */
    int dispatchBatch() {
        List<Claimed> batch = claim();
        List<CompletableFuture<String>> sent = batch.stream().map(this::send).toList();
        for (int i = 0; i < batch.size(); i++) {
            Claimed claimed = batch.get(i);
            String error = sent.get(i).join();
            QuarkusTransaction.requiringNew().run(() -> settle(claimed, error));
        }
        return batch.size();
    }

    private List<Claimed> claim() {
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant();
            // Long enough for the batch's posts to time out and settle before anyone else may try again.
            Instant leaseEnd = now.plus(config.timeout().multipliedBy(2).plusSeconds(5));
            @SuppressWarnings("unchecked")
            List<String> ids = entityManager.createNativeQuery(claimSql).setParameter(1, now).getResultList();
            List<Claimed> claimed = new ArrayList<>();
            for (String id : ids) {
                Delivery delivery = entityManager.find(Delivery.class, id);
                delivery.attempts++;
                delivery.nextAttemptAt = leaseEnd;
                claimed.add(new Claimed(delivery.id, delivery.channel, delivery.body, delivery.attempts));
            }
            return claimed;
        });
    }

    /** @return completes with null when the receiver accepted it, else with what went wrong */
    private CompletableFuture<String> send(Claimed claimed) {
        String webhook = config.webhooks().get(claimed.channel());
        if (webhook == null) {
            return CompletableFuture.completedFuture("no webhook is configured for " + claimed.channel() + " any more");
        }
        try {
            return http.sendAsync(HttpRequest.newBuilder(URI.create(webhook))
                            .timeout(config.timeout())
                            .header("Content-Type", "application/json")
                            .header("Idempotency-Key", claimed.id())
                            .POST(HttpRequest.BodyPublishers.ofString(claimed.body()))
                            .build(), HttpResponse.BodyHandlers.discarding())
                    .handle((answer, failure) -> failure != null ? describe(failure)
                            : answer.statusCode() / 100 == 2 ? null : "HTTP " + answer.statusCode());
        } catch (IllegalArgumentException badUrl) {
            return CompletableFuture.completedFuture(describe(badUrl));
        }
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    private void settle(Claimed claimed, String error) {
        Delivery delivery = entityManager.find(Delivery.class, claimed.id());
        if (delivery == null || !Delivery.PENDING.equals(delivery.status) || delivery.attempts != claimed.attempt()) {
            return; // erased, already settled, or re-claimed after this lease ran out: the later claim settles it
        }
        Instant now = clock.instant();
        if (error == null) {
            delivery.status = Delivery.DELIVERED;
            delivery.deliveredAt = now;
            delivery.lastError = null;
            return;
        }
        delivery.lastError = error.length() > 500 ? error.substring(0, 500) : error;
        if (delivery.attempts >= config.maxAttempts()) {
            delivery.status = Delivery.FAILED;
            LOG.warnf("Delivery %s failed after %d attempts: %s", delivery.id, delivery.attempts, delivery.lastError);
        } else {
            long factor = 1L << Math.min(delivery.attempts - 1, 20);
            Duration wait = config.firstRetry().multipliedBy(factor);
            delivery.nextAttemptAt = now.plus(wait.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : wait);
        }
    }
}
