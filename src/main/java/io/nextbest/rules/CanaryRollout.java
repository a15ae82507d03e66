package io.nextbest.rules;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * A candidate ruleset serving a share of customers beside the active one, to compare the two on live traffic
 * before everyone gets the candidate. Which customers: {@link CustomerShare}, the same on every replica. It is
 * stored, so every replica serves it (within the watch interval); promoting makes it the active ruleset
 * everywhere, abandoning sends its customers back to the active one. Caps are untouched by the split: both
 * rulesets reserve in the same contact store, so a customer moved from one to the other keeps their count.
 */
@ApplicationScoped
public class CanaryRollout {
    private static final Logger LOG = Logger.getLogger(CanaryRollout.class);

    private final AtomicReference<Canary> canary = new AtomicReference<>();
    private final ActiveRuleset rulesets;
    private final RulesetCanaries canaries;
    private final RulesMetrics metrics;
    private final Clock clock;
    /** The stored rollout this replica last followed, so one that does not build here is not rebuilt every check. */
    private volatile long followedId;

    CanaryRollout(ActiveRuleset rulesets, RulesetCanaries canaries, RulesMetrics metrics, Clock clock) {
        this.rulesets = rulesets;
        this.canaries = canaries;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** After the active ruleset is loaded (its observer runs at the default priority). */
    void loadAtStartup(@Observes @Priority(jakarta.interceptor.Interceptor.Priority.APPLICATION + 600) StartupEvent start) {
        try {
            sync();
        } catch (RuntimeException unreadable) {
            LOG.warnf("Cannot read the canary rollout (%s); every customer gets the active ruleset", unreadable.getMessage());
        }
    }

    public Optional<Canary> current() {
        return Optional.ofNullable(canary.get());
    }

    /** The rulesets deciding now: {@code active} and the canary running, if one is. */
    public RulesInForce inForce(Ruleset active) {
        return new RulesInForce(active, canary.get());
    }

    /**
     * Builds files and, when they compile and pass the scenarios, serves them to {@code percent} of customers on
     * every replica, in place of any canary serving now.
     *
     * @throws RulesetRejectedException with every problem; nothing changes
     * @throws SameAsActiveException    when the files are the active ruleset
     */
    public synchronized Canary start(Map<String, byte[]> files, double percent) {
        Ruleset candidate = rulesets.build(files);
        if (rulesets.current().map(Ruleset::version).filter(candidate.version()::equals).isPresent()) {
            throw new SameAsActiveException(candidate.version());
        }
        RulesetCanary stored = canaries.start(candidate.version(), percent, candidate.sources(), clock.instant());
        follow(new Canary(stored.id, candidate, percent, stored.startedAt));
        return canary.get();
    }

    /**
     * Makes the canary the active ruleset on every replica.
     *
     * @return the ruleset now active; empty when no canary serves
     */
    public synchronized Optional<Ruleset> promote() {
        Canary serving = canary.get();
        if (serving == null) {
            return Optional.empty();
        }
        // Released first: if ending the rollout then fails, the canary is the active version as well, which is harmless.
        Ruleset promoted = rulesets.promote(serving.ruleset(), ActiveRuleset.CANARY);
        canaries.end(serving.id(), RulesetCanary.PROMOTED, clock.instant());
        followedId = serving.id();
        canary.set(null);
        metrics.canary(null);
        LOG.infof("Canary %s promoted: it is the active ruleset for every customer", promoted.version());
        return Optional.of(promoted);
    }

    /**
     * Sends every customer back to the active ruleset, on every replica.
     *
     * @return the canary abandoned; empty when none served
     */
    public synchronized Optional<Canary> abandon() {
        Canary serving = canary.get();
        if (serving == null) {
            return Optional.empty();
        }
        canaries.end(serving.id(), RulesetCanary.ABANDONED, clock.instant());
        follow(null);
        followedId = serving.id();
        LOG.infof("Canary %s abandoned: every customer gets the active ruleset", serving.version());
        return Optional.of(serving);
    }

    /** The watcher's check: follows a rollout started, changed or ended on another replica. */
    public synchronized void sync() {
        Optional<RulesetCanaries.Newest> newest = canaries.newest();
        boolean stillServing = newest.map(RulesetCanaries.Newest::serving).orElse(false);
        if (stillServing ? newest.get().id() == followedId : canary.get() == null) {
            return; // nothing changed: the files are not read again
        }
        Optional<RulesetCanary> latest = canaries.latest();
        if (latest.isEmpty() || latest.get().endedAt != null) {
            if (canary.get() != null) {
                LOG.infof("Canary %s ended (%s on another replica)", canary.get().version(),
                        latest.map(ended -> ended.outcome).orElse("removed"));
                follow(null);
            }
            return;
        }
        RulesetCanary stored = latest.get();
        if (stored.id == followedId) {
            return;
        }
        followedId = stored.id;
        Canary serving = canary.get();
        try {
            // A new share of the same candidate keeps the ruleset built already.
            Ruleset candidate = serving != null && serving.version().equals(stored.version)
                    ? serving.ruleset()
                    : rulesets.build(RulesetCanaries.filesOf(stored));
            follow(new Canary(stored.id, candidate, stored.percent, stored.startedAt));
            LOG.infof("Canary %s serves %s %% of customers", stored.version, stored.percent);
        } catch (RulesetRejectedException stale) {
            LOG.warnf("Canary %s no longer builds here (%s); every customer gets the active ruleset", stored.version,
                    stale.problems());
            follow(null);
        }
    }

    private void follow(Canary next) {
        Canary previous = canary.getAndSet(next);
        if (next != null) {
            followedId = next.id();
        }
        if (previous != null && (next == null || previous.ruleset() != next.ruleset())
                && rulesets.current().filter(active -> active == previous.ruleset()).isEmpty()) {
            // Decisions still running on it finish normally; its idle sessions are freed now.
            previous.ruleset().sessions().close();
        }
        metrics.canary(next);
    }

    /** A canary must differ from what everyone already gets. */
    public static final class SameAsActiveException extends RuntimeException {
        SameAsActiveException(String version) {
            super("These files are the active ruleset (version " + version + "): a canary must differ from it");
        }
    }
}
