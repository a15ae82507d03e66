package io.nextbest.rules;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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
 * end. A ruleset that fails to compile or its scenarios is never activated; the previous one keeps
 * serving. It comes from the rules folder, or from a release (an upload or a rollback made through the
 * API, stored in the database so every replica activates it): whichever changed last wins.
 */
@ApplicationScoped
public class ActiveRuleset {
    private static final Logger LOG = Logger.getLogger(ActiveRuleset.class);
    public static final String FOLDER = "folder";
    public static final String UPLOAD = "upload";
    public static final String ROLLBACK = "rollback";
    public static final String CANARY = "canary";

    private final AtomicReference<Ruleset> active = new AtomicReference<>();
    private final RulesetCompiler compiler;
    private final RulesConfig config;
    private final Clock clock;
    private final List<RulesetGate> gates;
    private final RulesetReleases releases;
    private final RulesMetrics metrics;
    /** Null when every build happens here (no database, or sharing turned off). */
    private final SharedBuilds sharedBuilds;
    /** Newest first; the active ruleset is among them. */
    private final Deque<HistoryEntry> history = new ArrayDeque<>();
    private volatile ReloadStatus lastReload;
    /** The folder's content hash as last read, so an unchanged (or still broken) folder is not recompiled. */
    private volatile String lastFolderVersion;
    /** When this replica last saw the folder change: releases made before that are overridden by it. */
    private volatile Instant folderChangedAt = Instant.EPOCH;
    private volatile long appliedReleaseId;

    @Inject
    ActiveRuleset(RulesConfig config, Clock clock, Instance<RulesetGate> gates, RulesetReleases releases,
                  RulesMetrics metrics, BuildStore builds) {
        // Builds are stamped with the real time even where tests move the service's clock: the newest are kept.
        this(config, clock, gates.stream().toList(), releases, metrics,
                config.builds().shared() ? new SharedBuilds(builds, config.builds(), Clock.systemUTC()) : null);
    }

    /**
     * @param releases     null to work from the folder alone (no database); metrics null for none
     * @param sharedBuilds null to compile every ruleset here
     */
    ActiveRuleset(RulesConfig config, Clock clock, List<RulesetGate> gates, RulesetReleases releases,
                  RulesMetrics metrics, SharedBuilds sharedBuilds) {
        this.config = config;
        this.clock = clock;
        this.compiler = new RulesetCompiler(clock, config.sandbox().enabled());
        this.gates = List.copyOf(gates);
        this.releases = releases;
        this.metrics = metrics;
        this.sharedBuilds = sharedBuilds;
    }

    /** One ruleset that was active at some point. */
    public record HistoryEntry(Ruleset ruleset, String source, Instant activatedAt) {
    }

    void loadAtStartup(@Observes StartupEvent start) {
        try {
            sync(true);
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
     * Compiles the rules folder and, if it is clean, makes it the active ruleset on this replica.
     *
     * @throws RulesetRejectedException listing every problem; the active ruleset is unchanged
     */
    public synchronized Ruleset reload() {
        Map<String, byte[]> files = readFolder();
        noteFolder(RulesetCompiler.versionOf(files), true);
        return activate(files, FOLDER);
    }

    /**
     * The watcher's check: activates a newer release, or the folder when its content changed since last
     * read. At start-up a release wins only if it was made over the folder content found now.
     *
     * @return the ruleset activated, if anything changed
     */
    public synchronized Optional<Ruleset> sync(boolean startingUp) {
        Map<String, byte[]> files = readFolder();
        String folderVersion = RulesetCompiler.versionOf(files);
        boolean folderChanged = noteFolder(folderVersion, !startingUp);
        Optional<RulesetRelease> release = latestRelease().filter(latest -> latest.id > appliedReleaseId)
                .filter(latest -> startingUp ? folderVersion.equals(latest.baseFolderVersion)
                        : latest.releasedAt.isAfter(folderChangedAt));
        if (release.isPresent()) {
            appliedReleaseId = release.get().id;
            try {
                return Optional.of(activate(RulesetReleases.filesOf(release.get()), release.get().source));
            } catch (RulesetRejectedException stale) {
                LOG.warnf("Release %s (%s) no longer compiles here; using the rules folder", release.get().version,
                        release.get().source);
            }
        }
        return folderChanged || current().isEmpty() ? Optional.of(activate(files, FOLDER)) : Optional.empty();
    }

    /**
     * Activates files on this replica and stores them as a release, so every replica follows.
     *
     * @throws RulesetRejectedException with every problem (compile errors, failing scenarios); nothing changes
     */
    public synchronized Ruleset release(Map<String, byte[]> files, String source) {
        Ruleset ruleset = activate(files, source);
        if (releases != null) {
            appliedReleaseId = releases.save(ruleset.version(), source, lastFolderVersion, ruleset.sources(),
                    clock.instant()).id;
        }
        return ruleset;
    }

    /**
     * Makes an earlier ruleset active again, on every replica.
     *
     * @return empty when no kept ruleset has that version
     */
    public synchronized Optional<Ruleset> rollback(String version) {
        Optional<Ruleset> earlier = history.stream().map(HistoryEntry::ruleset)
                .filter(ruleset -> ruleset.version().equals(version))
                .findFirst();
        return earlier.map(ruleset -> release(ruleset.sources(), ROLLBACK));
    }

    /**
     * Makes a ruleset already built (a canary's) active and stores it as a release, so every replica follows.
     * Stored first: when the database refuses, nothing changes here either.
     */
    public synchronized Ruleset promote(Ruleset built, String source) {
        if (releases != null) {
            appliedReleaseId = releases.save(built.version(), source, lastFolderVersion, built.sources(),
                    clock.instant()).id;
        }
        swapIn(SharedBuilds.Obtained.compiledNow(built), source, Duration.ZERO);
        return built;
    }

    /**
     * Compiles files and runs the gates, or loads what another replica built from them, without activating
     * anything (a canary's candidate).
     *
     * @throws RulesetRejectedException with every problem
     */
    public Ruleset build(Map<String, byte[]> files) {
        return obtain(files).ruleset();
    }

    private SharedBuilds.Obtained obtain(Map<String, byte[]> files) {
        return sharedBuilds == null
                ? SharedBuilds.Obtained.compiledNow(compileAndCheck(files))
                : sharedBuilds.obtain(files, compiler, () -> compileAndCheck(files));
    }

    /**
     * Compiles files, runs the gates (both on the {@link RuleBuilds} thread), and swaps the result in when both
     * pass; or, when another replica did that already, loads what it compiled.
     */
    public synchronized Ruleset activate(Map<String, byte[]> files, String source) {
        SharedBuilds.Obtained obtained;
        long started = System.nanoTime();
        try {
            obtained = obtain(files);
        } catch (RulesetRejectedException rejected) {
            lastReload = new ReloadStatus(clock.instant(), source, false, RulesetCompiler.versionOf(files),
                    rejected.problems(), null, false);
            if (metrics != null) {
                metrics.rejected(Duration.ofNanos(System.nanoTime() - started));
            }
            LOG.warnf("Rules from %s rejected, %s keeps serving: %s", source,
                    current().map(Ruleset::version).orElse("nothing"), rejected.problems());
            throw rejected;
        }
        swapIn(obtained, source, Duration.ofNanos(System.nanoTime() - started));
        return obtained.ruleset();
    }

    private Ruleset compileAndCheck(Map<String, byte[]> files) {
        return RuleBuilds.run("build of ruleset " + RulesetCompiler.versionOf(files) + " (compile and scenario tests)", () -> {
            Ruleset candidate = compiler.compile(files);
            List<RuleProblem> failed = gates.stream().flatMap(gate -> gate.check(candidate, files).stream()).toList();
            if (!failed.isEmpty()) {
                throw new RulesetRejectedException(failed);
            }
            return candidate;
        });
    }

    /** @return true when the folder's content differs from what was last read */
    private boolean noteFolder(String folderVersion, boolean overridesReleases) {
        boolean changed = !folderVersion.equals(lastFolderVersion);
        if (changed) {
            lastFolderVersion = folderVersion;
            folderChangedAt = overridesReleases ? clock.instant() : Instant.EPOCH;
        }
        return changed;
    }

    private Map<String, byte[]> readFolder() {
        try {
            return RuleFiles.read(rulesDir());
        } catch (RulesetRejectedException unreadable) {
            lastReload = new ReloadStatus(clock.instant(), FOLDER, false, null, unreadable.problems(), null, false);
            throw unreadable;
        }
    }

    /** Without the database the folder still works: releases are then simply not seen. */
    private Optional<RulesetRelease> latestRelease() {
        if (releases == null) {
            return Optional.empty();
        }
        try {
            return releases.latest();
        } catch (RuntimeException databaseDown) {
            LOG.warnf("Cannot read ruleset releases (%s); following the rules folder", databaseDown.getMessage());
            return Optional.empty();
        }
    }

    private void swapIn(SharedBuilds.Obtained obtained, String source, Duration built) {
        Ruleset ruleset = obtained.ruleset();
        Ruleset previous = active.getAndSet(ruleset);
        if (previous != null && previous != ruleset) {
            // Decisions still running on it finish normally; its idle sessions are freed now, not at the next GC.
            previous.sessions().close();
        }
        history.removeIf(entry -> entry.ruleset().version().equals(ruleset.version()));
        history.addFirst(new HistoryEntry(ruleset, source, clock.instant()));
        while (history.size() > config.historySize()) {
            history.removeLast();
        }
        lastReload = new ReloadStatus(clock.instant(), source, true, ruleset.version(), List.of(), obtained.compiledBy(),
                obtained.loaded());
        if (metrics != null) {
            metrics.activated(ruleset, built);
        }
        LOG.infof("Ruleset %s active (%s): %d rules from %d files, %s in %.1f s%s", ruleset.version(),
                source, ruleset.rules().size(), ruleset.files().size(),
                obtained.loaded() ? "loaded as compiled and checked by " + obtained.compiledBy() : "built and checked",
                built.toMillis() / 1000.0, previous == null ? "" : ", was " + previous.version());
        ruleset.warnings().forEach(warning -> LOG.warnf("Rule warning: %s", warning));
    }

    public Path rulesDir() {
        return Path.of(config.dir());
    }
}
