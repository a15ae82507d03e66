package io.nextbest.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Catches table cells that compile but do not mean what they say. The known case: a CSV cell
 * {@code type == "$param"} loses its quotes to CSV parsing and becomes {@code type == whitepaper},
 * which compares with a variable that does not exist and silently matches nothing.
 */
public final class DecisionTableCheck {
    /** The compiler writes "// rule values at B10, header at B5" above each row's rule. */
    private static final Pattern ROW_RULE =
            Pattern.compile("// rule values at ([A-Z]+)(\\d+)[^\\n]*\\n\\s*rule \"([^\"]*)\"");
    /** A comparison with a bare word: not a string, number, $variable, method call or keyword. */
    private static final Pattern BARE_WORD_COMPARISON =
            Pattern.compile("(==|!=)\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*(?=[,)&|]|$)", Pattern.MULTILINE);
    private static final Set<String> KEYWORDS = Set.of("true", "false", "null");

    private DecisionTableCheck() {
    }

    static List<RuleProblem> check(String file, byte[] content) {
        String drl = TableDrl.of(file, content);
        List<RuleProblem> problems = new ArrayList<>();
        Matcher rows = ROW_RULE.matcher(drl);
        List<RowRule> rules = new ArrayList<>();
        while (rows.find()) {
            rules.add(new RowRule(rows.start(), Integer.parseInt(rows.group(2)), rows.group(3)));
        }
        Matcher bare = BARE_WORD_COMPARISON.matcher(drl);
        while (bare.find()) {
            String word = bare.group(2);
            if (KEYWORDS.contains(word)) {
                continue;
            }
            RowRule rule = ruleAt(bare.start(), rules);
            problems.add(new RuleProblem(file, rule.row(), 0, "Row " + rule.row() + " (\"" + rule.name()
                    + "\") compares with the bare word '" + word + "', which is not a text value, so the row can "
                    + "never match. Put the value in quotes; in a .csv file double every quote inside a cell, "
                    + "e.g. \"type == \"\"$param\"\"\"."));
        }
        return problems;
    }

    /** The row of the table each of its rules was compiled from, by rule name (what coverage reports). */
    public static Map<String, Integer> rowsOf(String file, byte[] content) {
        return rowsIn(TableDrl.of(file, content));
    }

    /** As {@link #rowsOf}, from the DRL a table already compiled to. */
    static Map<String, Integer> rowsIn(String drl) {
        Map<String, Integer> rows = new HashMap<>();
        Matcher row = ROW_RULE.matcher(drl);
        while (row.find()) {
            rows.put(row.group(3), Integer.parseInt(row.group(2)));
        }
        return rows;
    }

    private record RowRule(int offset, int row, String name) {
    }


    private static RowRule ruleAt(int offset, List<RowRule> rules) {
        RowRule found = new RowRule(0, 0, "?");
        for (RowRule rule : rules) {
            if (rule.offset() <= offset) {
                found = rule;
            }
        }
        return found;
    }
}
