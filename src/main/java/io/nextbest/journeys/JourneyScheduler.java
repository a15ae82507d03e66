package io.nextbest.journeys;

import io.nextbest.decision.JourneyStepDecider;
import io.nextbest.rules.ActiveRuleset;
import io.nextbest.state.CustomerChanges;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Decides journey steps that fell due. Each step is claimed with a row lock other replicas skip and
 * decided in the same transaction as its journey move and outbox rows: each due step is decided by one
 * replica, and a replica that dies mid-step rolls back, leaving the step due for the next run anywhere.
 */
@ApplicationScoped
public class JourneyScheduler {
    private static final Logger LOG = Logger.getLogger(JourneyScheduler.class);

    private final EntityManager entityManager;
    private final JourneyStepDecider steps;
    private final ActiveRuleset rulesets;
    private final JourneysConfig config;
    private final CustomerChanges changes;
    private final Clock clock;
    private final String claimSql;

    JourneyScheduler(EntityManager entityManager, JourneyStepDecider steps, ActiveRuleset rulesets,
                     JourneysConfig config, CustomerChanges changes, Clock clock,
                     @ConfigProperty(name = "quarkus.datasource.db-kind") String dbKind) {
        this.entityManager = entityManager;
        this.steps = steps;
        this.rulesets = rulesets;
        this.config = config;
        this.changes = changes;
        this.clock = clock;
        // PostgreSQL: replicas skip steps another one is deciding. The embedded H2 has one process only.
        String lock = "postgresql".equals(dbKind) ? " for update skip locked" : " for update";
        this.claimSql = "select id from journey_enrolment where status = 'ACTIVE' and due_at <= ?1 "
                + "order by due_at limit 1" + lock;
    }

    @Scheduled(every = "${nextbest.journeys.interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void runDueSteps() {
        if (rulesets.current().isEmpty()) {
            return; // nothing can be decided before a ruleset is active; the steps wait
        }
        try {
            for (int i = 0; i < config.maxStepsPerRun(); i++) {
                if (!runNextDueStep()) {
                    return;
                }
            }
        } catch (RuntimeException failed) {
            LOG.warn("Journey scheduler run failed; the next run retries", failed);
        }
    }

    /** @return false when no step is due */
    boolean runNextDueStep() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String[] claimed = new String[1];
        try {
            Optional<JourneyStepDecider.StepDecision> step = QuarkusTransaction.requiringNew().call(() -> {
                @SuppressWarnings("unchecked")
                List<String> ids = entityManager.createNativeQuery(claimSql).setParameter(1, now).getResultList();
                if (ids.isEmpty()) {
                    return Optional.empty();
                }
                claimed[0] = ids.get(0);
                JourneyEnrolment due = entityManager.find(JourneyEnrolment.class, claimed[0]);
                return Optional.of(steps.decide(due.customerId, due.id,
                        Map.of("journey", due.journey, "step", due.step), now));
            });
            if (step.isEmpty()) {
                return false;
            }
            steps.record(step.get());
        } catch (RuntimeException failed) {
            if (claimed[0] == null) {
                throw failed;
            }
            retryLater(claimed[0], now, failed);
        }
        return true;
    }

    /** A step whose decision failed (rule error, store down) waits and is tried again, then marked FAILED. */
    private void retryLater(String id, Instant now, RuntimeException failure) {
        String error = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        QuarkusTransaction.requiringNew().run(() -> {
            JourneyEnrolment enrolment = entityManager.find(JourneyEnrolment.class, id);
            if (enrolment == null || !JourneyEnrolment.ACTIVE.equals(enrolment.status)) {
                return;
            }
            changes.changed(enrolment.customerId);
            enrolment.attempts++;
            enrolment.lastError = error.length() > 500 ? error.substring(0, 500) : error;
            if (enrolment.attempts >= config.maxAttempts()) {
                enrolment.status = JourneyEnrolment.FAILED;
                enrolment.activeJourney = null;
                enrolment.endedAt = now;
                enrolment.endReason = "step " + enrolment.step + " failed " + enrolment.attempts + " times";
                LOG.warnf("Journey %s of %s failed at step %s: %s", enrolment.journey, enrolment.customerId,
                        enrolment.step, enrolment.lastError);
            } else {
                long factor = 1L << Math.min(enrolment.attempts - 1, 20);
                enrolment.dueAt = now.plus(config.firstRetry().multipliedBy(factor));
                LOG.infof("Journey step %s/%s of %s failed, retried at %s: %s", enrolment.journey, enrolment.step,
                        enrolment.customerId, enrolment.dueAt, enrolment.lastError);
            }
        });
    }
}
