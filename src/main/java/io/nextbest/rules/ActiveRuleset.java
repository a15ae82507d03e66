package io.nextbest.rules;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * The ruleset decisions use. Swapped atomically: a decision reads it once and uses that version to the
 * end. A ruleset that fails to compile is never activated; the previous one keeps serving. Recent
 * rulesets are kept for rollback.
 */
@ApplicationScoped
public class ActiveRuleset {
    private static final Logger LOG = Logger.getLogger(ActiveRuleset.class);
    public static final String FOLDER = "folder";
    public static final String ROLLBACK = "rollback";

    private final AtomicReference<Ruleset> active = new AtomicReference<>();
    private final RulesetCompiler compiler;
    private final RulesConfig config;
    private final Clock clock;
    private final List<RulesetGate> gates;
    /** Newest first; the active ruleset is among them. */
    private final Deque<HistoryEntry> history = new ArrayDeque<>();
    private volatile ReloadStatus lastReload;
    /** The content hash of the folder as last read, so an unchanged (or still broken) folder is not recompiled. */
    private volatile String lastFolderVersion;

    @Inject
    ActiveRuleset(RulesConfig config, Clock clock, Instance<RulesetGate> gates) {
        this(config, clock, gates.stream().toList());
    }

    ActiveRuleset(RulesConfig config, Clock clock, List<RulesetGate> gates) {
        this.config = config;
        this.clock = clock;
        this.compiler = new RulesetCompiler(clock);
        this.gates = List.copyOf(gates);
    }

    /** One ruleset that was active at some point. */
    public record HistoryEntry(Ruleset ruleset, String source, Instant activatedAt) {
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

    public Optional<ReloadStatus> lastReload() {
        return Optional.ofNullable(lastReload);
    }

    public synchronized List<HistoryEntry> history() {
        return List.copyOf(history);
    }

    /**
     * Compiles the rules folder and, if it is clean, makes it the active ruleset.
     *
     * @throws RulesetRejectedException listing every problem; the active ruleset is unchanged
     */
    public synchronized Ruleset reload() {
        Map<String, byte[]> files;
        try {
            files = RuleFiles.read(rulesDir());
        } catch (RulesetRejectedException unreadable) {
            lastReload = new ReloadStatus(clock.instant(), FOLDER, false, null, unreadable.problems());
            throw unreadable;
        }
        lastFolderVersion = RulesetCompiler.versionOf(files);
        return activate(files, FOLDER);
    }

    /** Reloads the folder only if its content changed since it was last read (the folder watcher's check). */
    public synchronized Optional<Ruleset> reloadIfChanged() {
        Map<String, byte[]> files = RuleFiles.read(rulesDir());
        String version = RulesetCompiler.versionOf(files);
        if (version.equals(lastFolderVersion)) {
            return Optional.empty();
        }
        lastFolderVersion = version;
        return Optional.of(activate(files, FOLDER));
    }

    /** Compiles files (from the folder or an upload) and activates them when they are clean. */
    public synchronized Ruleset activate(Map<String, byte[]> files, String source) {
        Ruleset ruleset;
        try {
            ruleset = compiler.compile(files);
            List<RuleProblem> failed = gates.stream().flatMap(gate -> gate.check(ruleset, files).stream()).toList();
            if (!failed.isEmpty()) {
                throw new RulesetRejectedException(failed);
            }
        } catch (RulesetRejectedException rejected) {
            lastReload = new ReloadStatus(clock.instant(), source, false, RulesetCompiler.versionOf(files),
                    rejected.problems());
            LOG.warnf("Rules from %s rejected, %s keeps serving: %s", source,
                    current().map(Ruleset::version).orElse("nothing"), rejected.problems());
            throw rejected;
        }
        swapIn(ruleset, source);
        return ruleset;
    }

    /**
     * Makes an earlier ruleset active again.
     *
     * @return empty when no kept ruleset has that version
     */
    public synchronized Optional<Ruleset> rollback(String version) {
        Optional<Ruleset> earlier = history.stream().map(HistoryEntry::ruleset)
                .filter(ruleset -> ruleset.version().equals(version))
                .findFirst();
        earlier.ifPresent(ruleset -> swapIn(ruleset, ROLLBACK));
        return earlier;
    }

    private void swapIn(Ruleset ruleset, String source) {
        Ruleset previous = active.getAndSet(ruleset);
        history.removeIf(entry -> entry.ruleset().version().equals(ruleset.version()));
        history.addFirst(new HistoryEntry(ruleset, source, clock.instant()));
        while (history.size() > config.historySize()) {
            history.removeLast();
        }
        lastReload = new ReloadStatus(clock.instant(), source, true, ruleset.version(), List.of());
        LOG.infof("Ruleset %s active (%s): %d rules from %d files%s", ruleset.version(), source, ruleset.rules().size(),
                ruleset.files().size(), previous == null ? "" : ", was " + previous.version());
        ruleset.warnings().forEach(warning -> LOG.warnf("Rule warning: %s", warning));
    }

    public Path rulesDir() {
        return Path.of(config.dir());
    }
}
