package io.nextbest.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares the rows of one decision table, as the DRL they compile to: a row that repeats another, two
 * rows that match exactly the same input, and a row that can never fire because a row with a wider
 * condition comes before it in the same activation group (its priority is higher, and only the first
 * match of the group fires). Conditions are compared line by line; they differ only in "at least" or
 * "at most" thresholds for one row to be wider than another.
 */
final class TableRowsCheck {
    private static final Pattern ROW = Pattern.compile(
            "// rule values at [A-Z]+(\\d+)[^\\n]*\\n\\s*rule \"([^\"]*)\"(.*?)\\n\\s*when\\s*\\n(.*?)\\n\\s*then\\s*\\n(.*?)\\nend",
            Pattern.DOTALL);
    private static final Pattern SALIENCE = Pattern.compile("salience\\s+(-?\\d+)");
    private static final Pattern ACTIVATION_GROUP = Pattern.compile("activation-group\\s+\"([^\"]*)\"");
    /** A comparison with a number: what a threshold column compiles to. */
    private static final Pattern THRESHOLD = Pattern.compile("(>=|<=|>|<)\\s*(-?\\d+(?:\\.\\d+)?)");

    private TableRowsCheck() {
    }

    private record Row(int row, String name, int salience, String activationGroup, List<String> conditions, String actions) {
    }

    static List<RuleProblem> check(String file, String drl) {
        List<Row> rows = rows(drl);
        List<RuleProblem> findings = new ArrayList<>();
        java.util.Set<Integer> reported = new java.util.HashSet<>();
        for (int j = 0; j < rows.size(); j++) {
            for (int i = 0; i < j; i++) {
                Finding finding = compare(rows.get(i), rows.get(j));
                if (finding != null && reported.add(finding.row())) {
                    findings.add(new RuleProblem(file, finding.row(), 0, finding.message()));
                }
            }
        }
        return findings;
    }

    /** A finding about one row of the table. */
    private record Finding(int row, String message) {
    }

    /** What is wrong with two rows, {@code a} above {@code b}; null when nothing. */
    private static Finding compare(Row a, Row b) {
        boolean sameGroup = a.activationGroup() != null && a.activationGroup().equals(b.activationGroup());
        if (a.conditions().equals(b.conditions())) {
            if (a.actions().equals(b.actions())) {
                return new Finding(b.row(), "Row " + b.row() + " (\"" + b.name() + "\") repeats row " + a.row() + " (\""
                        + a.name() + "\"): same conditions, same action. Delete one.");
            }
            if (sameGroup) {
                return sameGroupOverlap(a, b);
            }
            return new Finding(b.row(), "Rows " + a.row() + " and " + b.row() + " (\"" + a.name() + "\", \"" + b.name()
                    + "\") match exactly the same input and propose different actions: both are proposed, and arbitration"
                    + " picks. If one was meant to replace the other, delete it.");
        }
        if (!sameGroup) {
            return null;
        }
        if (a.salience() > b.salience() && wider(a.conditions(), b.conditions())) {
            return shadowed(a, b);
        }
        if (b.salience() > a.salience() && wider(b.conditions(), a.conditions())) {
            return shadowed(b, a);
        }
        return null;
    }

    private static Finding shadowed(Row first, Row never) {
        return new Finding(never.row(), "Row " + never.row() + " (\"" + never.name() + "\") can never fire: row " + first.row()
                + " (\"" + first.name() + "\") matches everything it matches, goes first (higher priority), and only one row of \""
                + first.activationGroup() + "\" fires. Give row " + never.row() + " the higher priority, or narrow row "
                + first.row() + ".");
    }

    private static Finding sameGroupOverlap(Row a, Row b) {
        if (a.salience() == b.salience()) {
            return new Finding(b.row(), "Rows " + a.row() + " and " + b.row() + " (\"" + a.name() + "\", \"" + b.name()
                    + "\") match exactly the same input with the same priority, and only one row of \"" + a.activationGroup()
                    + "\" fires: which one is not defined. Change one's conditions or priority.");
        }
        Row first = a.salience() > b.salience() ? a : b;
        return shadowed(first, first == a ? b : a);
    }

    /** Whether conditions {@code a} match everything {@code b} matches: the same lines but for looser thresholds. */
    private static boolean wider(List<String> a, List<String> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!wider(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean wider(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        Matcher ta = THRESHOLD.matcher(a);
        Matcher tb = THRESHOLD.matcher(b);
        if (!ta.find() || !tb.find() || !Objects.equals(ta.group(1), tb.group(1))
                || !a.substring(0, ta.start()).equals(b.substring(0, tb.start()))
                || !a.substring(ta.end()).equals(b.substring(tb.end()))) {
            return false;
        }
        double va = Double.parseDouble(ta.group(2));
        double vb = Double.parseDouble(tb.group(2));
        return ta.group(1).startsWith(">") ? va <= vb : va >= vb;
    }

    private static List<Row> rows(String drl) {
        List<Row> rows = new ArrayList<>();
        Matcher row = ROW.matcher(drl);
        while (row.find()) {
            String attributes = row.group(3);
            Matcher salience = SALIENCE.matcher(attributes);
            Matcher group = ACTIVATION_GROUP.matcher(attributes);
            List<String> conditions = row.group(4).lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
            String actions = row.group(5).lines().map(String::strip).filter(line -> !line.isEmpty())
                    .reduce("", (all, line) -> all + line + "\n");
            rows.add(new Row(Integer.parseInt(row.group(1)), row.group(2), salience.find() ? Integer.parseInt(salience.group(1)) : 0,
                    group.find() ? group.group(1) : null, conditions, actions));
        }
        return rows;
    }
}
