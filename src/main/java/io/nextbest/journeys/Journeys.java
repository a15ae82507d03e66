package io.nextbest.journeys;

import io.nextbest.facts.Context;
import io.nextbest.facts.JourneyMove;
import io.nextbest.json.JsonMapConverter;
import io.micrometer.core.annotation.Timed;
import io.nextbest.state.CustomerChanges;
import io.nextbest.state.CustomerState.ActiveEnrolment;
import io.nextbest.state.JourneyPatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Customers' enrolments: read as facts for a decision, changed by the journey moves its rules made. */
@ApplicationScoped
public class Journeys {
    /** PostgreSQL: two decisions enrolling the same customer at once end with one enrolment, no error. */
    private static final String ENROL_POSTGRESQL = """
            insert into journey_enrolment (id, customer_id, journey, active_journey, step, status, enrolled_at,
                step_since, due_at, attributes, ruleset_version, last_decision_id, attempts)
            values (?1, ?2, ?3, ?3, ?4, 'ACTIVE', ?5, ?5, ?6, ?7, ?8, ?9, 0)
            on conflict (customer_id, active_journey) do nothing""";
    /** The embedded H2 has no ON CONFLICT; it serves one process, where this check is enough. */
    private static final String ENROL_PORTABLE = """
            insert into journey_enrolment (id, customer_id, journey, active_journey, step, status, enrolled_at,
                step_since, due_at, attributes, ruleset_version, last_decision_id, attempts)
            select ?1, ?2, ?3, ?3, ?4, 'ACTIVE', ?5, ?5, ?6, ?7, ?8, ?9, 0 from (values (1)) as one
            where not exists (select 1 from journey_enrolment where customer_id = ?2 and active_journey = ?3)""";

    private final EntityManager entityManager;
    private final CustomerChanges changes;
    private final String enrol;

    Journeys(EntityManager entityManager, CustomerChanges changes,
             @ConfigProperty(name = "quarkus.datasource.db-kind") String dbKind) {
        this.entityManager = entityManager;
        this.changes = changes;
        this.enrol = "postgresql".equals(dbKind) ? ENROL_POSTGRESQL : ENROL_PORTABLE;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<JourneyEnrolment> of(String customerId) {
        return entityManager.createQuery("from JourneyEnrolment e where e.customerId = :customer order by e.enrolledAt desc",
                        JourneyEnrolment.class)
                .setParameter("customer", customerId).setMaxResults(100).getResultList();
    }

    /** Enrolments in a status (e.g. FAILED, or ACTIVE and due before a moment), the longest waiting first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<JourneyEnrolment> list(String status, Instant dueBefore, int limit) {
        String due = dueBefore == null ? "" : " and e.dueAt <= :due";
        var query = entityManager.createQuery("from JourneyEnrolment e where e.status = :status" + due
                + " order by e.dueAt, e.enrolledAt", JourneyEnrolment.class).setParameter("status", status);
        if (dueBefore != null) {
            query.setParameter("due", dueBefore);
        }
        return query.setMaxResults(limit).getResultList();
    }

    /** What the moves would do, without doing it (dry runs and simulations). */
    public static List<JourneyChange> proposed(List<RuledMove> moves, Context context) {
        return moves.stream().map(ruled -> new JourneyChange(ruled.move().getJourney(), JourneyChange.PROPOSED,
                        ruled.move().getStep(), ruled.move().isLeaving() ? null : ruled.move().getDue().sendAt(context),
                        ruled.move().getReason(), ruled.rule()))
                .toList();
    }

    /**
     * Applies a decision's moves: exits and completions first, then one move per journey, then enrolments
     * (so a journey can be left and started again in one decision). A move of a journey that another
     * decision already moved on is ignored (STALE). A due step that no rule moved is completed.
     *
     * @param dueId      the enrolment whose step this decision is, or null for a customer's request
     * @param knownStamp the state stamp of the customer copy the decision was made from, when it is still
     *                   current (the replica's cached copy then takes the changes on), or null
     */
    @Transactional
    public List<JourneyChange> apply(String customerId, List<RuledMove> moves, Context context, String rulesetVersion,
                                     String decisionId, String dueId, String knownStamp) {
        Instant now = context.getNow();
        Applied applied = new Applied();
        List<JourneyChange> changes = new ArrayList<>();
        Set<String> handled = new HashSet<>();
        for (RuledMove ruled : moves) {
            JourneyMove move = ruled.move();
            if (move.getKind() == JourneyMove.Kind.EXIT && handled.add(move.getJourneyId())) {
                changes.add(end(move, JourneyEnrolment.EXITED, move.getReason(), ruled.rule(), decisionId, now, applied));
            }
        }
        for (RuledMove ruled : moves) {
            JourneyMove move = ruled.move();
            if (move.getKind() == JourneyMove.Kind.MOVE && handled.add(move.getJourneyId())) {
                changes.add(moveOn(move, ruled.rule(), context, decisionId, applied));
            }
        }
        for (RuledMove ruled : moves) {
            JourneyMove move = ruled.move();
            if (move.getKind() == JourneyMove.Kind.COMPLETE && handled.add(move.getJourneyId())) {
                changes.add(end(move, JourneyEnrolment.COMPLETED, move.getReason(), ruled.rule(), decisionId, now, applied));
            }
        }
        if (dueId != null && !handled.contains(dueId)) {
            JourneyEnrolment due = entityManager.find(JourneyEnrolment.class, dueId);
            if (due != null && JourneyEnrolment.ACTIVE.equals(due.status)) {
                changes.add(endDue(due, decisionId, now));
                applied.ended.add(due.id);
            }
        }
        Set<String> enrolled = new HashSet<>();
        for (RuledMove ruled : moves) {
            JourneyMove move = ruled.move();
            if (move.getKind() == JourneyMove.Kind.ENROL && enrolled.add(move.getJourney())) {
                changes.add(enrol(customerId, move, ruled.rule(), context, rulesetVersion, decisionId, applied));
            }
        }
        report(customerId, new JourneyPatch(knownStamp, applied.ended, applied.moved, applied.enrolled));
        return changes;
    }

    /** Tells the replicas what changed, if anything did (a STALE or ALREADY_ENROLLED move changed nothing). */
    private void report(String customerId, JourneyPatch patch) {
        if (patch.isEmpty()) {
            return;
        }
        // The database keeps microseconds: a moment finer than that would differ from what it reads back.
        boolean exact = patch.moved().stream().allMatch(move -> move.since().getNano() % 1_000 == 0)
                && patch.enrolled().stream().allMatch(started -> started.enrolledAt().getNano() % 1_000 == 0);
        if (patch.knownStamp() != null && exact) {
            changes.journeysChanged(customerId, patch);
        } else {
            changes.changed(customerId);
        }
    }

    /** The changes one decision's moves made, as a cached copy of the customer can take them on. */
    private static final class Applied {
        final Set<String> ended = new HashSet<>();
        final List<JourneyPatch.Move> moved = new ArrayList<>();
        final List<ActiveEnrolment> enrolled = new ArrayList<>();
    }

    /** Deletes every enrolment of the customer (erasure); returns how many. */
    @Transactional
    public long forget(String customerId) {
        changes.changed(customerId);
        return entityManager.createQuery("delete from JourneyEnrolment e where e.customerId = :customer")
                .setParameter("customer", customerId).executeUpdate();
    }

    /** Moves the enrolments of an alias to the customer it now stands for, unless the customer is already in that journey. */
    @Transactional
    public void merge(String aliasId, String customerId) {
        changes.changed(aliasId);
        changes.changed(customerId);
        Set<String> taken = new HashSet<>(activeEnrolments(customerId).stream().map(e -> e.journey).toList());
        for (JourneyEnrolment enrolment : of(aliasId)) {
            if (enrolment.activeJourney != null && !taken.add(enrolment.activeJourney)) {
                continue;
            }
            enrolment.customerId = customerId;
        }
    }

    private List<JourneyEnrolment> activeEnrolments(String customerId) {
        return entityManager.createQuery("from JourneyEnrolment e where e.customerId = :customer and e.status = 'ACTIVE'",
                        JourneyEnrolment.class)
                .setParameter("customer", customerId).getResultList();
    }

    private JourneyChange enrol(String customerId, JourneyMove move, String rule, Context context, String rulesetVersion,
                                String decisionId, Applied applied) {
        Instant due = move.getDue().sendAt(context);
        String id = UUID.randomUUID().toString();
        String attributes = JsonMapConverter.write(new LinkedHashMap<>(move.getAttributes()));
        int inserted = entityManager.createNativeQuery(enrol)
                .setParameter(1, id)
                .setParameter(2, customerId)
                .setParameter(3, move.getJourney())
                .setParameter(4, move.getStep())
                .setParameter(5, context.getNow())
                .setParameter(6, due)
                .setParameter(7, attributes)
                .setParameter(8, rulesetVersion)
                .setParameter(9, decisionId)
                .executeUpdate();
        if (inserted == 1) {
            // The attributes as they will be read back from their JSON (numbers and dates as JSON gives them).
            applied.enrolled.add(new ActiveEnrolment(id, move.getJourney(), move.getStep(), context.getNow(), context.getNow(),
                    JsonMapConverter.read(attributes)));
        }
        return inserted == 1
                ? new JourneyChange(move.getJourney(), JourneyChange.ENROLLED, move.getStep(), due, null, rule)
                : new JourneyChange(move.getJourney(), JourneyChange.ALREADY_ENROLLED, null, null, null, rule);
    }

    private JourneyChange moveOn(JourneyMove move, String rule, Context context, String decisionId, Applied applied) {
        Instant due = move.getDue().sendAt(context);
        int updated = entityManager.createQuery("""
                        update JourneyEnrolment e set e.step = :step, e.stepSince = :now, e.dueAt = :due,
                            e.attempts = 0, e.lastError = null, e.lastDecisionId = :decision
                        where e.id = :id and e.status = 'ACTIVE' and e.step = :from""")
                .setParameter("step", move.getStep())
                .setParameter("now", context.getNow())
                .setParameter("due", due)
                .setParameter("decision", decisionId)
                .setParameter("id", move.getJourneyId())
                .setParameter("from", move.getFromStep())
                .executeUpdate();
        if (updated == 1) {
            applied.moved.add(new JourneyPatch.Move(move.getJourneyId(), move.getFromStep(), move.getStep(), context.getNow()));
        }
        return updated == 1
                ? new JourneyChange(move.getJourney(), JourneyChange.MOVED, move.getStep(), due, null, rule)
                : new JourneyChange(move.getJourney(), JourneyChange.STALE, null, null, null, rule);
    }

    private JourneyChange end(JourneyMove move, String status, String reason, String rule, String decisionId, Instant now,
                              Applied applied) {
        int updated = entityManager.createQuery("""
                        update JourneyEnrolment e set e.status = :status, e.activeJourney = null, e.dueAt = null,
                            e.endedAt = :now, e.endReason = :reason, e.lastDecisionId = :decision
                        where e.id = :id and e.status = 'ACTIVE'""")
                .setParameter("status", status)
                .setParameter("now", now)
                .setParameter("reason", reason)
                .setParameter("decision", decisionId)
                .setParameter("id", move.getJourneyId())
                .executeUpdate();
        if (updated == 1) {
            applied.ended.add(move.getJourneyId());
        }
        String change = JourneyEnrolment.EXITED.equals(status) ? JourneyChange.EXITED : JourneyChange.COMPLETED;
        return updated == 1
                ? new JourneyChange(move.getJourney(), change, null, null, reason, rule)
                : new JourneyChange(move.getJourney(), JourneyChange.STALE, null, null, null, rule);
    }

    private static JourneyChange endDue(JourneyEnrolment due, String decisionId, Instant now) {
        due.status = JourneyEnrolment.COMPLETED;
        due.activeJourney = null;
        due.dueAt = null;
        due.endedAt = now;
        due.endReason = "no next step after " + due.step;
        due.lastDecisionId = decisionId;
        return new JourneyChange(due.journey, JourneyChange.COMPLETED, null, null, due.endReason, null);
    }

    /** A journey move and the rule that made it. */
    public record RuledMove(JourneyMove move, String rule) {
    }
}
