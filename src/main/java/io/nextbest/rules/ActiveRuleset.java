package io.nextbest.rules;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * The ruleset decisions use. Swapped atomically: a decision reads it once and uses that version to the
 * end. A ruleset that fails to compile is never activated; the previous one keeps serving.
 */
@ApplicationScoped
public class ActiveRuleset {
    private static final Logger LOG = Logger.getLogger(ActiveRuleset.class);

    private final AtomicReference<Ruleset> active = new AtomicReference<>();
    private final RulesetCompiler compiler = new RulesetCompiler(Clock.systemUTC());
    private final RulesConfig config;

    ActiveRuleset(RulesConfig config) {
        this.config = config;
    }

    void loadAtStartup(@Observes StartupEvent start) {
        try {
            reload();
        } catch (RulesetRejectedException rejected) {
            // Start anyway: the service stays up, reports the problems, and serves once the files are fixed.
            LOG.errorf("No ruleset is active; the rules in %s were rejected:%n  %s", rulesDir().toAbsolutePath(),
                    String.join("\n  ", rejected.problems().stream().map(RuleProblem::toString).toList()));
        }
    }

    /** The ruleset in force, if any ruleset ever compiled. */
    public Optional<Ruleset> current() {
        return Optional.ofNullable(active.get());
    }

    /**
     * Compiles the rules folder and, if it is clean, makes it the active ruleset.
     *
     * @throws RulesetRejectedException listing every problem; the active ruleset is unchanged
     */
    public synchronized Ruleset reload() {
        Ruleset ruleset = compiler.compile(RuleFiles.read(rulesDir()));
        Ruleset previous = active.getAndSet(ruleset);
        LOG.infof("Ruleset %s active: %d rules from %d files in %s%s", ruleset.version(), ruleset.rules().size(),
                ruleset.files().size(), rulesDir(), previous == null ? "" : " (was " + previous.version() + ")");
        ruleset.warnings().forEach(warning -> LOG.warnf("Rule warning: %s", warning));
        return ruleset;
    }

    public Path rulesDir() {
        return Path.of(config.dir());
    }
}
