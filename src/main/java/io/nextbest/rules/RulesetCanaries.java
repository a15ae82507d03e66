package io.nextbest.rules;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Stores and reads canary rollouts: the shared record of which candidate ruleset serves which share. */
@ApplicationScoped
public class RulesetCanaries {
    private final EntityManager entityManager;

    RulesetCanaries(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Ends the rollout in force, if any (as replaced), and starts this one, in one transaction. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public RulesetCanary start(String version, double percent, Map<String, byte[]> files, Instant at) {
        running().forEach(previous -> end(previous, RulesetCanary.REPLACED, at));
        RulesetCanary canary = new RulesetCanary();
        canary.version = version;
        canary.percent = percent;
        canary.files = RulesetReleases.encode(files);
        canary.startedAt = at;
        entityManager.persist(canary);
        return canary;
    }

    /**
     * Ends rollout {@code id} if it still serves.
     *
     * @return false when it had ended already (another call promoted, abandoned or replaced it)
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean end(long id, String outcome, Instant at) {
        RulesetCanary canary = entityManager.find(RulesetCanary.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (canary == null || canary.endedAt != null) {
            return false;
        }
        end(canary, outcome, at);
        return true;
    }

    /** Which rollout is the newest and whether it still serves, without reading its files. */
    public record Newest(long id, boolean serving) {
    }

    /** What a replica checks every watch interval: cheap, the files are read only when it changed. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<Newest> newest() {
        return entityManager.createQuery("select c.id, c.endedAt from RulesetCanary c order by c.id desc", Object[].class)
                .setMaxResults(1)
                .getResultStream().findFirst()
                .map(row -> new Newest((Long) row[0], row[1] == null));
    }

    /** The newest rollout, ended or not: replicas follow it (an ended one means: no canary). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<RulesetCanary> latest() {
        List<RulesetCanary> newest = entityManager
                .createQuery("from RulesetCanary c order by c.id desc", RulesetCanary.class)
                .setMaxResults(1)
                .getResultList();
        return newest.stream().findFirst();
    }

    public static Map<String, byte[]> filesOf(RulesetCanary canary) {
        return RulesetReleases.decode(canary.files);
    }

    /** Normally one; two starts racing can leave two, and the next start ends both. */
    private List<RulesetCanary> running() {
        return entityManager.createQuery("from RulesetCanary c where c.endedAt is null", RulesetCanary.class)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
    }

    private static void end(RulesetCanary canary, String outcome, Instant at) {
        canary.endedAt = at;
        canary.outcome = outcome;
    }
}
