package io.nextbest.rules;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Reloads the rules when the folder's content changes, or when another replica released a ruleset. It compares content hashes rather than relying on
 * file events, so it also sees the atomic symlink flip Kubernetes performs when a mounted ConfigMap
 * changes (file watchers miss it, or see it as a delete), and a broken folder is tried once per change.
 */
@ApplicationScoped
public class RulesWatcher {
    private static final Logger LOG = Logger.getLogger(RulesWatcher.class);

    private final ActiveRuleset rulesets;
    private final CanaryRollout canary;

    RulesWatcher(ActiveRuleset rulesets, CanaryRollout canary) {
        this.rulesets = rulesets;
        this.canary = canary;
    }

    @Scheduled(every = "${nextbest.rules.watch-interval:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void checkFolder() {
        try {
            rulesets.sync(false).ifPresent(ruleset ->
                    LOG.infof("Rules changed: ruleset %s is now active", ruleset.version()));
        } catch (RulesetRejectedException rejected) {
            // Already logged and reported in the reload status; the previous ruleset keeps serving.
        } catch (RuntimeException unexpected) {
            LOG.error("Could not check the rules folder", unexpected);
        }
        try {
            canary.sync();
        } catch (RuntimeException databaseDown) {
            // The canary in force keeps serving as it is until the rollout can be read again.
            LOG.warnf("Cannot read the canary rollout: %s", databaseDown.getMessage());
        }
    }
}
