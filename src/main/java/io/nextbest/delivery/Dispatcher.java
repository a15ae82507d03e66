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
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Sends due deliveries to their channel's webhook, at least once: a delivery is claimed under a row lock
 * that other replicas skip, posted with its id as Idempotency-Key, and on failure retried with doubling
 * back-off until it is marked failed (retry it through the API).
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
        // PostgreSQL: replicas skip rows another one is sending. The embedded H2 has one process only.
        String lock = "postgresql".equals(dbKind) ? " for update skip locked" : " for update";
        this.claimSql = "select id from delivery where status = 'PENDING' and next_attempt_at <= ?1 "
                + "order by next_attempt_at limit " + BATCH + lock;
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
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

    /** Claims, sends and settles one batch inside one transaction, so a crash leaves the rows pending. */
    int dispatchBatch() {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<String> ids = entityManager.createNativeQuery(claimSql).setParameter(1, clock.instant()).getResultList();
            for (String id : ids) {
                send(entityManager.find(Delivery.class, id));
            }
            return ids.size();
        });
    }

    private void send(Delivery delivery) {
        Instant now = clock.instant();
        delivery.attempts++;
        String error;
        try {
            HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(URI.create(config.webhooks().get(delivery.channel)))
                    .timeout(config.timeout())
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", delivery.id)
                    .POST(HttpRequest.BodyPublishers.ofString(delivery.body))
                    .build(), HttpResponse.BodyHandlers.discarding());
            if (answer.statusCode() / 100 == 2) {
                delivery.status = Delivery.DELIVERED;
                delivery.deliveredAt = now;
                delivery.lastError = null;
                return;
            }
            error = "HTTP " + answer.statusCode();
        } catch (java.io.IOException | IllegalArgumentException unreachable) {
            error = unreachable.getClass().getSimpleName() + ": " + unreachable.getMessage();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            error = "interrupted";
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
