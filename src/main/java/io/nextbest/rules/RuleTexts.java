package io.nextbest.rules;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text of each rule in a ruleset's DRL (a decision table's as compiled) and where it is declared, each file
 * read once: the lint asks for every rule, and looking each one up in its file again costs the square of a table
 * of thousands of rows.
 */
final class RuleTexts {
    private static final Pattern DECLARATION = Pattern.compile("rule \"([^\"]*)\"");

    private final Map<String, byte[]> files;
    private final Map<String, String> sources;
    private final Map<String, Map<String, Integer>> starts = new HashMap<>();
    private final Map<String, Map<String, Integer>> lines = new HashMap<>();

    /** @param sources every rule file's DRL, a decision table's as it compiles */
    RuleTexts(Map<String, byte[]> files, Map<String, String> sources) {
        this.files = files;
        this.sources = sources;
    }

    /** The rule from its declaration to its {@code end}; empty when not found. */
    String text(String file, String rule) {
        String source = sources.getOrDefault(file, "");
        int start = start(file, rule);
        int end = start < 0 ? -1 : source.indexOf("\nend", start);
        return start < 0 || end < 0 ? "" : source.substring(start, end);
    }

    /** The rule's consequence, from its {@code then}; empty when not found. */
    String consequence(String file, String rule) {
        String source = sources.getOrDefault(file, "");
        int start = start(file, rule);
        if (start < 0) {
            return "";
        }
        int then = source.indexOf("then", start);
        int end = source.indexOf("\nend", start);
        return then < 0 || end < 0 || then > end ? "" : source.substring(then, end);
    }

    /** The line of a DRL rule's declaration, or the decision-table row it was compiled from; 0 when unknown. */
    int line(String file, String rule) {
        byte[] content = files.get(file);
        if (content == null) {
            return 0;
        }
        return lines.computeIfAbsent(file, name -> RuleFiles.isDecisionTable(name)
                        ? DecisionTableCheck.rowsIn(sources.getOrDefault(name, ""))
                        : RuleFiles.declarationLines(content))
                .getOrDefault(rule, 0);
    }

    /** Where the rule's text starts: the first {@code rule "name"} of its file; -1 when not found. */
    private int start(String file, String rule) {
        return starts.computeIfAbsent(file, name -> {
            Map<String, Integer> found = new HashMap<>();
            Matcher declaration = DECLARATION.matcher(sources.getOrDefault(name, ""));
            while (declaration.find()) {
                found.putIfAbsent(declaration.group(1), declaration.start());
            }
            return found;
        }).getOrDefault(rule, -1);
    }
}
