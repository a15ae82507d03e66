package io.nextbest.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.drools.base.definitions.rule.impl.RuleImpl;
import org.jboss.logging.Logger;

/**
 * Compiles each ruleset once for all replicas. The first replica to need a ruleset claims its build in
 * the database, compiles it, runs its scenarios and publishes the outcome: the compiled packages, or the
 * problems. The others wait for that and load the packages (a sixth of the compile, and none of the
 * compiler's code to run and JIT-compile while they decide) or report the same problems. A serving
 * replica that must not compile at all ({@code nextbest.rules.builds.claim=false}) leaves the claim to a
 * builder. Whoever waits longer than {@code nextbest.rules.builds.wait} for a build compiles it itself, so
 * a dead builder delays a ruleset but never blocks it; a database that cannot be read does not either.
 */
public final class SharedBuilds {
    private static final Logger LOG = Logger.getLogger(SharedBuilds.class);
    private static final Duration POLL = Duration.ofMillis(200);
    /** Who compiled a build, as the reload status and the logs name it: host (the pod) and process. */
    static final String THIS_REPLICA = hostName() + "/" + ProcessHandle.current().pid();

    private final BuildStore store;
    private final RulesConfig.Builds config;
    private final Clock clock;
    private final String applicationFingerprint;

    public SharedBuilds(BuildStore store, RulesConfig.Builds config, Clock clock) {
        this.store = store;
        this.config = config;
        this.clock = clock;
        this.applicationFingerprint = applicationFingerprint();
    }

    /** A ruleset, the replica that compiled it, and whether it was loaded from that build rather than compiled now. */
    public record Obtained(Ruleset ruleset, String compiledBy, boolean loaded) {
        static Obtained compiledNow(Ruleset ruleset) {
            return new Obtained(ruleset, THIS_REPLICA, false);
        }
    }

    /**
     * The ruleset of these files: loaded from the build another replica published, or compiled and checked
     * here by {@code compileAndCheck} and published.
     *
     * @throws RulesetRejectedException the problems found, here or by the replica that built it
     */
    public Obtained obtain(Map<String, byte[]> files, RulesetCompiler compiler, Supplier<Ruleset> compileAndCheck) {
        String key = keyOf(files);
        Waiting waiting = new Waiting(System.nanoTime(), null);
        while (true) {
            Optional<BuildStore.Build> found;
            boolean claimed;
            try {
                found = store.find(key);
                claimed = found.isEmpty() ? (config.claim() || waiting.over(config.waitLimit())) && claim(key, files)
                        : found.get().status() == BuildStore.Status.BUILDING && takeOverIfStale(found.get(), waiting, files);
            } catch (RuntimeException databaseDown) {
                LOG.warnf("Cannot share ruleset builds (%s); compiling here", databaseDown.getMessage());
                return Obtained.compiledNow(compileAndCheck.get());
            }
            if (claimed) {
                return buildAndPublish(key, compileAndCheck);
            }
            if (found.isPresent() && found.get().status() == BuildStore.Status.REJECTED) {
                throw new RulesetRejectedException(found.get().problems());
            }
            if (found.isPresent() && found.get().status() == BuildStore.Status.ACCEPTED) {
                Optional<Ruleset> loaded = load(found.get(), files, compiler);
                return loaded.isPresent() ? new Obtained(loaded.get(), found.get().compiledBy(), true)
                        : buildAndPublish(key, compileAndCheck);
            }
            if (found.isPresent() && !found.get().claimedAt().equals(waiting.claimedAt())) {
                waiting = new Waiting(System.nanoTime(), found.get().claimedAt());  // a new claim gets the whole wait
            }
            pause();
        }
    }

    /** Since when this replica waits, and for which claim (null: for anyone to claim the build). */
    private record Waiting(long sinceNanos, Instant claimedAt) {
        boolean over(Duration limit) {
            return System.nanoTime() - sinceNanos > limit.toNanos();
        }
    }

    /** @return true when this replica took over a claim it has waited on for longer than the limit */
    private boolean takeOverIfStale(BuildStore.Build build, Waiting waiting, Map<String, byte[]> files) {
        if (!build.claimedAt().equals(waiting.claimedAt()) || !waiting.over(config.waitLimit())
                || !store.takeOver(build, THIS_REPLICA, clock.instant())) {
            return false;
        }
        LOG.warnf("The build of ruleset %s claimed by %s did not finish in %s; compiling it here",
                RulesetCompiler.versionOf(files), build.compiledBy(), config.waitLimit());
        return true;
    }

    private boolean claim(String key, Map<String, byte[]> files) {
        return store.claim(key, RulesetCompiler.versionOf(files), THIS_REPLICA, clock.instant());
    }

    private Obtained buildAndPublish(String key, Supplier<Ruleset> compileAndCheck) {
        Ruleset ruleset;
        try {
            ruleset = compileAndCheck.get();
        } catch (RulesetRejectedException rejected) {
            publish(() -> store.rejected(key, THIS_REPLICA, rejected.problems(), clock.instant()));
            throw rejected;
        } catch (RuntimeException | Error failed) {
            publish(() -> store.abandon(key, THIS_REPLICA));
            throw failed;
        }
        publish(() -> store.accepted(key, THIS_REPLICA, RuleBuilds.run("storing ruleset " + ruleset.version() + " for the other replicas",
                () -> RulesetCompiler.packagesOf(ruleset)),
                ruleset.warnings(), clock.instant()));
        return Obtained.compiledNow(ruleset);
    }

    /** A build that cannot be published is still good here; the others then compile it themselves. */
    private static void publish(Runnable write) {
        try {
            write.run();
        } catch (RuntimeException failed) {
            LOG.warnf("Could not share a ruleset build (%s); other replicas will compile it themselves", failed.getMessage());
        }
    }

    private static Optional<Ruleset> load(BuildStore.Build build, Map<String, byte[]> files, RulesetCompiler compiler) {
        try {
            return Optional.of(compiler.load(files, build.packages(), build.warnings()));
        } catch (IllegalStateException | RulesetRejectedException unloadable) {
            LOG.warnf("Ruleset %s built by %s does not load here (%s); compiling it here", RulesetCompiler.versionOf(files),
                    build.compiledBy(), unloadable.getMessage());
            return Optional.empty();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a ruleset build", interrupted);
        }
    }

    /**
     * What makes two builds interchangeable: every file, scenario tests included (they decide whether the
     * ruleset is accepted), and the application's classes and Drools version (which the packages refer to).
     */
    String keyOf(Map<String, byte[]> files) {
        MessageDigest digest = sha256();
        digest.update(applicationFingerprint.getBytes(StandardCharsets.UTF_8));
        new TreeMap<>(files).forEach((name, content) -> {
            digest.update((byte) 0);
            digest.update(name.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(content);
        });
        return HexFormat.of().formatHex(digest.digest()).substring(0, 32);
    }

    /**
     * A hash of the application's own classes (its jar, or its classes folder in tests) and the name of
     * the Drools jar, which carries its version. A rebuilt jar may hash differently with the same code;
     * that only costs a compile.
     */
    private static String applicationFingerprint() {
        try {
            MessageDigest digest = sha256();
            Path application = Path.of(SharedBuilds.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(application)) {
                try (Stream<Path> classes = Files.walk(application)) {
                    for (Path file : classes.filter(Files::isRegularFile).sorted().toList()) {
                        digest.update(application.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
                        digest.update(Files.readAllBytes(file));
                    }
                }
            } else {
                try (InputStream jar = Files.newInputStream(application)) {
                    digest.update(jar.readAllBytes());
                }
            }
            String drools = String.valueOf(RuleImpl.class.getProtectionDomain().getCodeSource().getLocation());
            digest.update(drools.substring(drools.lastIndexOf('/') + 1).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException unreadable) {
            throw new UncheckedIOException("Cannot read the application's classes", unreadable);
        } catch (URISyntaxException | RuntimeException unknown) {
            // No way to tell which code this is: a key of its own, so this replica never loads another's build.
            LOG.warnf("Cannot fingerprint the application's classes (%s); this replica will compile every ruleset itself",
                    unknown.getMessage());
            return "unknown-" + THIS_REPLICA + "-" + System.nanoTime();
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static String hostName() {
        String host = System.getenv("HOSTNAME");
        if (host != null && !host.isBlank()) {
            return host;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException unknown) {
            return "localhost";
        }
    }
}
