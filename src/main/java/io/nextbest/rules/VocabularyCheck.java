package io.nextbest.rules;

import io.nextbest.facts.Candidate;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds misspelt names: the ruleset's vocabulary (segments, channels, event types, categories, journeys) is what its
 * rules, tables, caps and scenario tests name; a name used only once, a slip away from another name of its kind, is probably a
 * typo of it ({@code 'enterprize'} where {@code 'enterprise'} is meant) and would silently match nothing. A warning,
 * not an error: a new name may be meant, and one rule is where every new name starts. Linear in the rule files'
 * lines; each name once-used is compared with its kind's names only.
 */
final class VocabularyCheck {
    /** What a fact property's values name. */
    enum Kind {
        SEGMENT("segment"), JOURNEY_STAGE("journey stage"), CHANNEL("channel"), EVENT_TYPE("event type"),
        CATEGORY("category"), JOURNEY("journey");

        private final String noun;

        Kind(String noun) {
            this.noun = noun;
        }
    }

    private static final Map<String, Kind> PROPERTIES = Map.of("Customer.segment", Kind.SEGMENT,
            "Customer.journeyStage", Kind.JOURNEY_STAGE, "Context.channel", Kind.CHANNEL, "Event.channel", Kind.CHANNEL,
            "Candidate.channel", Kind.CHANNEL, "Event.type", Kind.EVENT_TYPE, "Candidate.category", Kind.CATEGORY,
            "Journey.name", Kind.JOURNEY);
    /** Names given outside comparisons: proposals, enrolments, and the facts' methods that take a channel or category. */
    private static final Map<Pattern, Kind> NAMED_IN_CALLS = Map.of(
            Pattern.compile("Candidate\\s*\\.\\s*(?:of|internal)\\s*\\(\\s*\"[^\"]*\"\\s*,\\s*\"([^\"]+)\""), Kind.CHANNEL,
            Pattern.compile("\\b(?:consentsTo|countOnChannel|hoursSinceLastOn|responseRate)\\s*\\(\\s*\"([^\"]+)\""), Kind.CHANNEL,
            Pattern.compile("\\.\\s*category\\s*\\(\\s*\"([^\"]+)\"|\\bcountInCategory\\s*\\(\\s*\"([^\"]+)\""), Kind.CATEGORY,
            Pattern.compile("Journey\\s*\\.\\s*enrol\\s*\\(\\s*\"([^\"]+)\""), Kind.JOURNEY);
    /** A scenario test's value of a field naming a segment, event type, channel…: {@code segment: enterprise}. */
    private static final Pattern SCENARIO_FIELD = Pattern.compile(
            "\\b(segment|journeyStage|type|channel|category)\\s*:\\s*[\"']?([\\w.-]+)[\"']?\\s*(?=[,}\\]#]|$)");
    private static final Map<String, Kind> SCENARIO_FIELDS = Map.of("segment", Kind.SEGMENT,
            "journeyStage", Kind.JOURNEY_STAGE, "type", Kind.EVENT_TYPE, "channel", Kind.CHANNEL, "category", Kind.CATEGORY);
    private static final Pattern CHANNEL_FACTORY = Pattern.compile("Candidate\\s*\\.\\s*(email|sms|push|web|ads)\\s*\\(");

    private VocabularyCheck() {
    }

    /** Where a name is used: a file and a line of its DRL (a table's generated DRL), or a line of caps.csv. */
    private record Use(String file, int line) {
    }

    /**
     * @param files   the rule files, for caps.csv and to locate a table's cell
     * @param sources every rule file's DRL, a table's as it compiles
     */
    static List<RuleProblem> check(Map<String, byte[]> files, Map<String, String> sources) {
        Map<Kind, Map<String, List<Use>>> vocabulary = new TreeMap<>();
        new TreeMap<>(sources).forEach((file, drl) -> collect(file, drl, vocabulary));
        // The scenario tests say which names are meant: they vouch for a name, and their own slips are found too.
        new TreeMap<>(files).forEach((file, content) -> {
            if (RuleFiles.isScenarioFile(file)) {
                collectScenario(file, new String(content, StandardCharsets.UTF_8), vocabulary);
            }
        });
        byte[] caps = files.get(CapTable.FILE);
        if (caps != null) {
            for (CapTable.Target target : CapTable.targets(caps)) {
                kindOfCap(target.scope()).ifPresent(kind ->
                        usesOf(vocabulary, kind, target.name()).add(new Use(CapTable.FILE, target.line())));
            }
        }
        List<RuleProblem> findings = new ArrayList<>();
        vocabulary.forEach((kind, names) -> names.forEach((name, uses) -> {
            if (uses.size() == 1) {
                nearest(kind, name, names).ifPresent(meant -> findings.add(warning(files, kind, name, uses.get(0),
                        meant, names.get(meant))));
            }
        }));
        return findings;
    }

    private static void collect(String file, String drl, Map<Kind, Map<String, List<Use>>> vocabulary) {
        String[] lines = drl.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            Use use = new Use(file, i + 1);
            String line = lines[i];
            TableGapsCheck.comparisons(line, PROPERTIES.keySet()).forEach((property, values) ->
                    values.forEach(value -> usesOf(vocabulary, PROPERTIES.get(property), value).add(use)));
            NAMED_IN_CALLS.forEach((call, kind) -> {
                Matcher named = call.matcher(line);
                while (named.find()) {
                    usesOf(vocabulary, kind, named.group(1) != null ? named.group(1) : named.group(named.groupCount()))
                            .add(use);
                }
            });
            Matcher factory = CHANNEL_FACTORY.matcher(line);
            while (factory.find()) {
                usesOf(vocabulary, Kind.CHANNEL, factory.group(1)).add(use);
            }
        }
    }

    private static void collectScenario(String file, String text, Map<Kind, Map<String, List<Use>>> vocabulary) {
        String[] lines = text.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            Matcher field = SCENARIO_FIELD.matcher(lines[i]);
            while (field.find()) {
                usesOf(vocabulary, SCENARIO_FIELDS.get(field.group(1)), field.group(2)).add(new Use(file, i + 1));
            }
        }
    }

    private static List<Use> usesOf(Map<Kind, Map<String, List<Use>>> vocabulary, Kind kind, String name) {
        return vocabulary.computeIfAbsent(kind, k -> new TreeMap<>()).computeIfAbsent(name, n -> new ArrayList<>());
    }

    private static Optional<Kind> kindOfCap(String scope) {
        return switch (scope) {
            case "channel" -> Optional.of(Kind.CHANNEL);
            case "category" -> Optional.of(Kind.CATEGORY);
            default -> Optional.empty();
        };
    }

    /** The name a once-used one probably means: another a slip away (used at least once), or a built-in channel. */
    private static Optional<String> nearest(Kind kind, String name, Map<String, List<Use>> names) {
        if (kind == Kind.CHANNEL && Candidate.CHANNELS.contains(name)) {
            return Optional.empty();
        }
        Set<String> known = new TreeSet<>(names.keySet());
        if (kind == Kind.CHANNEL) {
            known.addAll(Candidate.CHANNELS);
        }
        known.remove(name);
        return DidYouMean.closest(name, known);
    }

    private static RuleProblem warning(Map<String, byte[]> files, Kind kind, String name, Use use, String meant,
                                       List<Use> meantUses) {
        String elsewhere = meantUses == null || meantUses.isEmpty() ? "a channel of the facts: Candidate." + meant + "(…)"
                : "used in " + describe(files, meantUses.get(0));
        String message = capitalised(kind.noun) + " '" + name + "' is used only here, and '" + meant + "' ("
                + elsewhere + ") is a slip away: did you mean '" + meant + "'? A misspelt " + kind.noun
                + " matches nothing.";
        RuleProblem found = RuleProblem.warning(use.file(), use.line(), message);
        byte[] content = files.get(use.file());
        // A table's line is a line of its generated DRL: located at the row and the column that quotes the name.
        return RuleFiles.isDecisionTable(use.file()) && content != null
                ? new TableLocator(use.file(), content).locate(found).asWarning() : found;
    }

    private static String describe(Map<String, byte[]> files, Use use) {
        if (RuleFiles.isDecisionTable(use.file()) && files.containsKey(use.file())) {
            RuleProblem located = new TableLocator(use.file(), files.get(use.file())).locate(RuleProblem.warning(use.file(), use.line(), ""));
            return use.file() + " row " + located.line();
        }
        return use.file() + " line " + use.line();
    }

    private static String capitalised(String noun) {
        return Character.toUpperCase(noun.charAt(0)) + noun.substring(1);
    }
}
