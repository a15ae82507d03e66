package io.nextbest.rules;

import io.nextbest.facts.CapDeclaration;
import io.nextbest.rules.sandbox.RuleSandbox;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.drools.base.definitions.rule.impl.RuleImpl;
import org.drools.compiler.kie.builder.impl.DrlProject;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.KieContainer;

/**
 * Compiles rule files into a {@link Ruleset} with the classic (MVEL) compiler: run-time builds with the
 * executable model cost several times the heap. Thread-safe; every build is independent.
 */
public final class RulesetCompiler {
    private static final String RESOURCES = "src/main/resources/";
    private static final AtomicLong BUILDS = new AtomicLong();
    /** Shared by every build and by the sessions of what they build: see {@link ClassLookups}. */
    private static final ClassLoader CLASS_LOADER = new ClassLookups(RulesetCompiler.class.getClassLoader());

    private final Clock clock;
    private final boolean sandboxed;

    /** A compiler that keeps rules in the sandbox ({@link RuleSandbox}). */
    public RulesetCompiler(Clock clock) {
        this(clock, true);
    }

    /** @param sandboxed false lets rules call any Java (nextbest.rules.sandbox.enabled=false) */
    public RulesetCompiler(Clock clock, boolean sandboxed) {
        this.clock = clock;
        this.sandboxed = sandboxed;
    }

    /**
     * Builds on the {@link RuleBuilds} thread, so a build never takes the cores decisions need first.
     *
     * @throws RulesetRejectedException with every problem found, when the files do not compile cleanly
     */
    public Ruleset compile(Map<String, byte[]> files) {
        return RuleBuilds.run("compile of ruleset " + versionOf(files), () -> build(files));
    }

    private Ruleset build(Map<String, byte[]> files) {
        List<RuleProblem> problems = new ArrayList<>();
        files.forEach((name, content) -> {
            if (RuleFiles.isDecisionTable(name)) {
                problems.addAll(checkTable(name, content));
            } else if (RuleFiles.isRuleFile(name)) {
                problems.addAll(SendTimeCheck.check(name, new String(content, StandardCharsets.UTF_8)));
            }
        });
        CapTable.Parsed caps = capsOf(files);
        problems.addAll(caps.problems());
        if (files.keySet().stream().noneMatch(RuleFiles::isRuleFile)) {
            problems.add(new RuleProblem("", 0, 0, "The rules folder has no .drl file or decision table"));
        }
        if (problems.isEmpty() && sandboxed) {
            // Before Drools compiles anything: compiling a condition may already evaluate parts of it.
            problems.addAll(sandboxProblems(files));
        }
        if (!problems.isEmpty()) {
            throw new RulesetRejectedException(problems);
        }

        KieServices kie = KieServices.Factory.get();
        // A fresh release id per build, removed afterwards, so old builds do not pile up in the repository.
        ReleaseId releaseId = kie.newReleaseId("io.nextbest", "ruleset", "build-" + BUILDS.incrementAndGet());
        KieFileSystem fileSystem = kie.newKieFileSystem().generateAndWritePomXML(releaseId);
        files.forEach((name, content) -> {
            if (RuleFiles.isRuleFile(name)) {
                fileSystem.write(RESOURCES + name, content);
            }
        });
        KieBuilder builder = kie.newKieBuilder(fileSystem, CLASS_LOADER).buildAll(DrlProject.class);

        List<RuleProblem> warnings = new ArrayList<>();
        Map<String, TableLocator> tables = new HashMap<>();
        for (Message message : builder.getResults().getMessages()) {
            RuleProblem problem = new RuleProblem(fileOf(message), message.getLine(), message.getColumn(),
                    message.getText().strip());
            if (RuleFiles.isDecisionTable(problem.file()) && files.containsKey(problem.file())) {
                problem = tables.computeIfAbsent(problem.file(), file -> new TableLocator(file, files.get(file)))
                        .locate(problem);
            }
            if (message.getLevel() == Message.Level.ERROR) {
                problems.add(problem);
            } else {
                warnings.add(problem.asWarning());
            }
        }
        if (!problems.isEmpty()) {
            kie.getRepository().removeKieModule(releaseId);
            throw new RulesetRejectedException(problems);
        }
        try {
            KieContainer container = kie.newKieContainer(releaseId, CLASS_LOADER);
            return assemble(files, container.newKieBase(ContainedRuleFailures.configuration(CLASS_LOADER)),
                    caps.caps(), warnings);
        } finally {
            kie.getRepository().removeKieModule(releaseId);
        }
    }

    /**
     * The ruleset of files whose packages another build compiled ({@link #packagesOf}), without compiling
     * them again. Built on the {@link RuleBuilds} thread, as a compile is.
     *
     * @param warnings the compiler's warnings from that build
     * @throws IllegalStateException when the packages do not load with this application's classes
     * @throws RulesetRejectedException when the files do not keep to the sandbox
     */
    public Ruleset load(Map<String, byte[]> files, byte[] packages, List<RuleProblem> warnings) {
        return RuleBuilds.run("load of ruleset " + versionOf(files) + " as another replica compiled it", () -> {
            // A build stored before the sandbox, or by a replica without it, is checked here all the same.
            List<RuleProblem> outsideSandbox = sandboxed ? sandboxProblems(files) : List.of();
            if (!outsideSandbox.isEmpty()) {
                throw new RulesetRejectedException(outsideSandbox);
            }
            return assemble(files, CompiledPackages.read(packages, CLASS_LOADER), capsOf(files).caps(), warnings);
        });
    }

    /** The compiled packages of a ruleset, for {@link #load}. */
    public static byte[] packagesOf(Ruleset ruleset) {
        return CompiledPackages.write(ruleset.kieBase());
    }

    private Ruleset assemble(Map<String, byte[]> files, KieBase kieBase, List<CapDeclaration> caps,
                             List<RuleProblem> warnings) {
        List<RuleInfo> rules = describe(kieBase, files);
        List<RuleProblem> outsidePhases = rulesOutsidePhases(rules);
        if (!outsidePhases.isEmpty()) {
            throw new RulesetRejectedException(outsidePhases);
        }
        // The compiler's warnings and the lint's (a stored build's warnings may hold the lint's already).
        Set<RuleProblem> allWarnings = new LinkedHashSet<>(warnings);
        allWarnings.addAll(RuleLint.check(kieBase, files, caps));
        return new Ruleset(versionOf(files), clock.instant(), kieBase, List.copyOf(files.keySet()), rules,
                caps, List.copyOf(allWarnings), files, new SessionPool(kieBase));
    }

    /** What the rules may not do, a decision table's at the row its DRL came from. */
    private static List<RuleProblem> sandboxProblems(Map<String, byte[]> files) {
        Map<String, String> drl = new TreeMap<>();
        files.forEach((name, content) -> {
            if (RuleFiles.isDecisionTable(name)) {
                drl.put(name, TableDrl.of(name, content));
            } else if (RuleFiles.isRuleFile(name)) {
                drl.put(name, new String(content, StandardCharsets.UTF_8));
            }
        });
        Map<String, TableLocator> tables = new HashMap<>();
        return RuleSandbox.check(drl).stream()
                .map(problem -> RuleFiles.isDecisionTable(problem.file())
                        ? tables.computeIfAbsent(problem.file(), file -> new TableLocator(file, files.get(file))).locate(problem)
                        : problem)
                .toList();
    }

    private static CapTable.Parsed capsOf(Map<String, byte[]> files) {
        return files.containsKey(CapTable.FILE)
                ? CapTable.parse(CapTable.FILE, files.get(CapTable.FILE))
                : new CapTable.Parsed(List.of(), List.of());
    }

    private static List<RuleProblem> checkTable(String name, byte[] content) {
        try {
            List<RuleProblem> problems = new ArrayList<>(DecisionTableCheck.check(name, content));
            problems.addAll(TableCellCheck.check(name, TableDrl.cellsOf(name, content)));
            return problems;
        } catch (RuntimeException unreadable) {
            return List.of(new RuleProblem(name, 0, 0, "The decision table cannot be read: " + unreadable.getMessage()));
        }
    }

    private static List<RuleInfo> describe(KieBase kieBase, Map<String, byte[]> files) {
        List<RuleInfo> rules = new ArrayList<>();
        Map<String, Map<String, Integer>> tableRows = new TreeMap<>();
        for (KiePackage kiePackage : kieBase.getKiePackages()) {
            for (Rule rule : kiePackage.getRules()) {
                RuleImpl impl = (RuleImpl) rule;
                String source = impl.getResource() == null ? "" : stripResources(impl.getResource().getSourcePath());
                Integer row = RuleFiles.isDecisionTable(source) && files.containsKey(source)
                        ? tableRows.computeIfAbsent(source, table -> DecisionTableCheck.rowsOf(table, files.get(table)))
                                .get(rule.getName())
                        : null;
                rules.add(new RuleInfo(rule.getName(), impl.getAgendaGroup(), impl.getSalienceValue(), source, row));
            }
        }
        rules.sort((a, b) -> a.file().equals(b.file()) ? a.name().compareTo(b.name()) : a.file().compareTo(b.file()));
        return rules;
    }

    /** A rule without a phase would land in Drools' MAIN group and fire after arbitration: reject it. */
    private static List<RuleProblem> rulesOutsidePhases(List<RuleInfo> rules) {
        return rules.stream()
                .filter(rule -> !Phase.isPhase(rule.phase()))
                .map(rule -> new RuleProblem(rule.file(), 0, 0, "Rule \"" + rule.name() + "\" is in agenda-group \""
                        + rule.phase() + "\", which is not a phase: use one of " + Phase.agendaGroups()))
                .toList();
    }

    private static String fileOf(Message message) {
        return message.getPath() == null ? "" : stripResources(message.getPath());
    }

    private static String stripResources(String path) {
        return path.startsWith(RESOURCES) ? path.substring(RESOURCES.length()) : path;
    }

    /** A hash of the rule files (scenario tests excluded: they check the logic, they are not part of it). */
    static String versionOf(Map<String, byte[]> files) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            // Sorted by name, so the same files give the same version whatever map they come in.
            new TreeMap<>(files).forEach((name, content) -> {
                if (RuleFiles.isScenarioFile(name)) {
                    return;
                }
                digest.update(name.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(content);
                digest.update((byte) 0);
            });
            return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
