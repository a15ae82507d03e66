package io.nextbest.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the gaps of a decision table: a table whose every row picks one value of a customer's segment or
 * journey stage, a channel or a category lists the values it means to cover; a value of the same fact and
 * property that the rest of the ruleset uses (another rule, another table, caps.csv) and no row lists falls
 * through the table. Event types are not such a list: a table of triggers covers the events it is about.
 */
final class TableGapsCheck {
    /** The fact properties whose values form a closed list worth covering. */
    private static final Set<String> LISTS = Set.of("Customer.segment", "Customer.journeyStage", "Context.channel",
            "Event.channel", "Candidate.channel", "Candidate.category");
    private static final Pattern FACT = Pattern.compile("\\b([A-Z][A-Za-z]*)\\s*\\(");
    private static final Pattern EQUALS = Pattern.compile("\\b([a-z][A-Za-z]*)\\s*==\\s*\"([^\"]*)\"");
    private static final Pattern IN = Pattern.compile("\\b([a-z][A-Za-z]*)\\s+in\\s*\\(([^)]*)\\)");
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");
    private static final Pattern RULE = Pattern.compile("^\\s*rule\\s+\"([^\"]*)\"");
    private static final Pattern ROW = Pattern.compile(
            "// rule values at [A-Z]+(\\d+), header at [A-Z]+(\\d+)[^\\n]*\\n\\s*rule \"([^\"]*)\".*?\\n\\s*when\\s*\\n(.*?)\\n\\s*then",
            Pattern.DOTALL);

    private TableGapsCheck() {
    }

    /** Where a value is used: the first file and line that names it. */
    record Use(String file, int line) {
        @Override
        public String toString() {
            return file + (line > 0 ? " line " + line : "");
        }
    }

    /**
     * The values each listed fact property is compared with across the ruleset, and where.
     *
     * @param sources every rule file's DRL (a table's as compiled)
     * @param extra   values known otherwise (channels and categories of caps.csv and of proposals), by property
     */
    static Map<String, Map<String, Use>> valuesIn(Map<String, String> sources, Map<String, Map<String, Use>> extra) {
        Map<String, Map<String, Use>> values = new TreeMap<>();
        extra.forEach((property, known) -> values.computeIfAbsent(property, p -> new TreeMap<>()).putAll(known));
        sources.forEach((file, drl) -> {
            boolean table = RuleFiles.isDecisionTable(file);
            Map<String, Integer> rows = table ? DecisionTableCheck.rowsIn(drl) : Map.of();
            String[] lines = drl.split("\\R");
            String rule = null;
            for (int i = 0; i < lines.length; i++) {
                Matcher name = RULE.matcher(lines[i]);
                if (name.find()) {
                    rule = name.group(1);
                }
                int line = table ? rows.getOrDefault(rule, 0) : i + 1;
                comparisons(lines[i]).forEach((property, named) -> named.forEach(value ->
                        values.computeIfAbsent(property, p -> new TreeMap<>()).putIfAbsent(value, new Use(file, line))));
            }
        });
        return values;
    }

    static List<RuleProblem> check(String file, String drl, Map<String, Map<String, Use>> valuesInRuleset) {
        List<Map<String, Set<String>>> rows = new ArrayList<>();
        int header = 0;
        Matcher row = ROW.matcher(drl);
        while (row.find()) {
            header = Integer.parseInt(row.group(2));
            Map<String, Set<String>> compared = new TreeMap<>();
            row.group(4).lines().forEach(line -> comparisons(line).forEach((property, named) ->
                    compared.computeIfAbsent(property, p -> new TreeSet<>()).addAll(named)));
            rows.add(compared);
        }
        List<RuleProblem> findings = new ArrayList<>();
        if (rows.size() < 2) {
            return findings;
        }
        for (String property : rows.get(0).keySet()) {
            if (!rows.stream().allMatch(compared -> compared.containsKey(property))) {
                continue; // a row without the condition covers every value
            }
            Set<String> listed = new TreeSet<>();
            rows.forEach(compared -> listed.addAll(compared.get(property)));
            if (listed.size() < 2) {
                continue;
            }
            Map<String, Use> missing = new LinkedHashMap<>();
            valuesInRuleset.getOrDefault(property, Map.of()).forEach((value, use) -> {
                if (!listed.contains(value) && !use.file().equals(file)) {
                    missing.put(value, use);
                }
            });
            if (!missing.isEmpty()) {
                String noun = property.substring(property.indexOf('.') + 1);
                findings.add(RuleProblem.warning(file, header, "The table's rows cover " + noun + " "
                        + String.join(", ", listed.stream().map(v -> "'" + v + "'").toList()) + " but not "
                        + String.join(", ", missing.entrySet().stream()
                        .map(gap -> "'" + gap.getKey() + "' (used in " + gap.getValue() + ")").toList())
                        + ": for " + (missing.size() == 1 ? "it" : "those") + " no row fires. Add a row, or a row with"
                        + " the " + noun + " cell empty for every other " + noun + "."));
            }
        }
        return findings;
    }

    /**
     * The listed fact properties a line compares with text values ({@code ==} or {@code in}), keyed
     * {@code Fact.property}: a comparison belongs to the nearest fact pattern opened before it.
     */
    static Map<String, Set<String>> comparisons(String line) {
        return comparisons(line, LISTS);
    }

    /** As {@link #comparisons(String)}, for the given {@code Fact.property} names. */
    static Map<String, Set<String>> comparisons(String line, Set<String> properties) {
        Map<String, Set<String>> found = new TreeMap<>();
        TreeMap<Integer, String> factsAt = new TreeMap<>();
        Matcher fact = FACT.matcher(line);
        while (fact.find()) {
            factsAt.put(fact.start(), fact.group(1));
        }
        if (factsAt.isEmpty()) {
            return found;
        }
        for (Pattern comparison : List.of(EQUALS, IN)) {
            Matcher compared = comparison.matcher(line);
            while (compared.find()) {
                Map.Entry<Integer, String> owner = factsAt.lowerEntry(compared.start());
                String property = (owner != null ? owner.getValue() : factsAt.firstEntry().getValue()) + "." + compared.group(1);
                if (!properties.contains(property)) {
                    continue;
                }
                Set<String> values = found.computeIfAbsent(property, p -> new TreeSet<>());
                if (comparison == EQUALS) {
                    values.add(compared.group(2));
                } else {
                    Matcher quoted = QUOTED.matcher(compared.group(2));
                    while (quoted.find()) {
                        values.add(quoted.group(1));
                    }
                }
            }
        }
        return found;
    }
}
