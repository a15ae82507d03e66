package io.nextbest.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads the rules folder: DRL files, decision tables and the caps table, by path relative to the folder. Hidden entries
 * are skipped, which also skips the timestamped folders of a Kubernetes ConfigMap mount (the visible
 * names are links into them).
 */
public final class RuleFiles {
    static final List<String> DECISION_TABLE_SUFFIXES = List.of(".drl.csv", ".drl.xlsx", ".drl.xls");
    private static final List<String> TABLE_LOOKING_SUFFIXES = List.of(".csv", ".xlsx", ".xls");
    /** The analysts' scenario tests: read with the rules, run before a ruleset goes live. */
    public static final String TESTS = "tests/";
    private static final List<String> SCENARIO_SUFFIXES = List.of(".yaml", ".yml", ".json");

    private RuleFiles() {
    }

    /** The rule files of {@code dir}, sorted by path; misnamed decision tables are rejected, not skipped. */
    public static Map<String, byte[]> read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new RulesetRejectedException(List.of(new RuleProblem(dir.toString(), 0, 0,
                    "The rules folder does not exist or is not a folder")));
        }
        Map<String, byte[]> files = new TreeMap<>();
        List<RuleProblem> problems = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                String name = dir.relativize(path).toString().replace('\\', '/');
                if (isRead(name)) {
                    files.put(name, Files.readAllBytes(path));
                } else if (!isHidden(name) && !name.startsWith(TESTS) && looksLikeTable(name)) {
                    problems.add(new RuleProblem(name, 0, 0, misnamedTable(name)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the rules folder " + dir, e);
        }
        if (!problems.isEmpty()) {
            throw new RulesetRejectedException(problems);
        }
        return files;
    }

    public static boolean isRuleFile(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".drl") || isDecisionTable(lower);
    }

    public static boolean isScenarioFile(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.startsWith(TESTS) && SCENARIO_SUFFIXES.stream().anyMatch(lower::endsWith);
    }

    public static boolean isDecisionTable(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return DECISION_TABLE_SUFFIXES.stream().anyMatch(lower::endsWith);
    }

    /** Drools silently ignores a table whose name does not end in .drl.csv/.drl.xlsx: never let that pass. */
    private static boolean looksLikeTable(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return TABLE_LOOKING_SUFFIXES.stream().anyMatch(lower::endsWith);
    }

    private static String misnamedTable(String name) {
        int dot = name.lastIndexOf('.');
        String suggestion = name.substring(0, dot) + ".drl" + name.substring(dot);
        return "A decision table is only read when its name ends in .drl.csv, .drl.xlsx or .drl.xls: rename it to "
                + suggestion;
    }

    /** Whether the folder reads a file of this path: a rule file, the caps table or a scenario test, not hidden. */
    public static boolean isRead(String name) {
        if (isHidden(name)) {
            return false;
        }
        return name.startsWith(TESTS) ? isScenarioFile(name) : isRuleFile(name) || name.equals(CapTable.FILE);
    }

    /**
     * Why the folder would not read a file of this path, worded for whoever named it; empty when it would. An
     * upload is held to the same rules, so that nothing validates that the folder would refuse or ignore.
     */
    public static Optional<String> whyNotRead(String name) {
        if (isRead(name)) {
            return Optional.empty();
        }
        if (isHidden(name)) {
            return Optional.of("Hidden files (a name or folder starting with '.') are not read");
        }
        if (name.startsWith(TESTS)) {
            return Optional.of("Scenario tests are only read when their name ends in .yaml, .yml or .json");
        }
        if (looksLikeTable(name)) {
            return Optional.of(misnamedTable(name));
        }
        return Optional.of("The service reads only rule files (.drl, .drl.xlsx, .drl.xls, .drl.csv), " + CapTable.FILE
                + " and scenario tests (" + TESTS + "*.yaml): this file would be ignored");
    }

    private static boolean isHidden(String relativePath) {
        return Stream.of(relativePath.split("/")).anyMatch(part -> part.startsWith("."));
    }

    /**
     * The line of every rule's declaration ({@code rule "name"}) in a DRL file, by rule name: read once for all its
     * rules, since a file may hold thousands.
     */
    public static Map<String, Integer> declarationLines(byte[] drl) {
        Map<String, Integer> lines = new HashMap<>();
        String[] texts = new String(drl, java.nio.charset.StandardCharsets.UTF_8).split("\\R");
        for (int i = 0; i < texts.length; i++) {
            String line = texts[i].strip();
            int close = line.startsWith("rule \"") ? line.indexOf('"', 6) : -1;
            if (close > 0) {
                lines.putIfAbsent(line.substring(6, close), i + 1);
            }
        }
        return lines;
    }
}
