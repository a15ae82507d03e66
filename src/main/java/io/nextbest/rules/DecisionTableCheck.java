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
        int next = 0; // comparisons are found in the order of the rules: the rule of one is at or after the last's
        while (bare.find()) {
            String word = bare.group(2);
            if (KEYWORDS.contains(word)) {
                continue;
            }
            while (next < rules.size() && rules.get(next).offset() <= bare.start()) {
                next++;
            }
            RowRule rule = next == 0 ? new RowRule(0, 0, "?") : rules.get(next - 1);
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
}
