package io.nextbest.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares the rows of one decision table, as the DRL they compile to: a row that repeats another; rows
 * whose conditions overlap (the same input, or ranges that meet) and that propose different actions on the
 * same channel, so both fire for that input and arbitration picks; and a row that can never fire because a
 * row with a wider condition comes before it in the same activation group (its priority is higher, and only
 * the first match of the group fires). Conditions are compared line by line: two rows are compared where
 * their lines are the same but for numbers compared with (thresholds, ranges); a row that leaves a condition
 * cell empty is not compared with one that fills it. So rows are grouped by their lines with the numbers taken
 * out, and compared within their group only: a table of many rows that pick different values costs about as many
 * comparisons as it has rows, not their square.
 */
final class TableRowsCheck {
    private static final Pattern ROW = Pattern.compile(
            "// rule values at [A-Z]+(\\d+)[^\\n]*\\n\\s*rule \"([^\"]*)\"(.*?)\\n\\s*when\\s*\\n(.*?)\\n\\s*then\\s*\\n(.*?)\\nend",
            Pattern.DOTALL);
    private static final Pattern SALIENCE = Pattern.compile("salience\\s+(-?\\d+)");
    private static final Pattern ACTIVATION_GROUP = Pattern.compile("activation-group\\s+\"([^\"]*)\"");

    private TableRowsCheck() {
    }

    /** @param order the row's place among the table's rows (row numbers repeat across a workbook's sheets) */
    private record Row(int order, int row, String name, int salience, String activationGroup, Conditions conditions,
                       String actions, Set<String> channels) {
    }

    static List<RuleProblem> check(String file, String drl) {
        List<Row> rows = rows(drl);
        Map<String, List<Row>> groups = new HashMap<>();
        rows.forEach(row -> groups.computeIfAbsent(row.conditions().shape(), shape -> new ArrayList<>()).add(row));
        Map<String, RowsAbove<Row>> above = new HashMap<>();
        groups.forEach((shape, group) -> above.put(shape, new RowsAbove<>(group, Row::conditions,
                Comparator.comparingInt(Row::order))));
        List<RuleProblem> findings = new ArrayList<>();
        Set<Integer> reported = new HashSet<>();
        for (Row row : rows) {
            RowsAbove<Row> sameShape = above.get(row.conditions().shape());
            for (Row earlier : sameShape.mayMeet(row)) {
                Finding finding = compare(earlier, row);
                if (finding != null && reported.add(finding.row())) {
                    findings.add(RuleProblem.warning(file, finding.row(), finding.message(), earlier.name(), row.name()));
                }
            }
            sameShape.add(row);
        }
        return findings;
    }

    /** A finding about one row of the table. */
    private record Finding(int row, String message) {
    }

    /** What is wrong with two rows, {@code a} above {@code b}; null when nothing. */
    private static Finding compare(Row a, Row b) {
        boolean sameGroup = a.activationGroup() != null && a.activationGroup().equals(b.activationGroup());
        if (a.conditions().lines().equals(b.conditions().lines())) {
            if (a.actions().equals(b.actions())) {
                return new Finding(b.row(), "Row " + b.row() + " (\"" + b.name() + "\") repeats row " + a.row() + " (\""
                        + a.name() + "\"): same conditions, same action. Delete one.");
            }
            if (sameGroup) {
                return sameGroupOverlap(a, b);
            }
            return conflicting(a, b) ? new Finding(b.row(), "Rows " + a.row() + " and " + b.row() + " (\"" + a.name()
                    + "\", \"" + b.name() + "\") match exactly the same input and propose different actions on "
                    + String.join(", ", common(a, b)) + ": both are proposed, and arbitration picks. If one was meant to"
                    + " replace the other, delete it.") : null;
        }
        if (!sameGroup) {
            return conflicting(a, b) && a.conditions().overlaps(b.conditions())
                    ? new Finding(b.row(), "Rows " + a.row() + " and " + b.row() + " (\"" + a.name() + "\", \"" + b.name()
                    + "\") overlap: some input matches both (their ranges meet), and they propose different actions on "
                    + String.join(", ", common(a, b)) + ", so both are proposed for it and arbitration picks. If they are"
                    + " alternatives, make the ranges exclusive or put the rows in one activation group.")
                    : null;
        }
        if (a.salience() > b.salience() && a.conditions().widerThan(b.conditions())) {
            return shadowed(a, b);
        }
        if (b.salience() > a.salience() && b.conditions().widerThan(a.conditions())) {
            return shadowed(b, a);
        }
        return null;
    }

    /** Different actions competing for one channel (or on channels the text does not name). */
    private static boolean conflicting(Row a, Row b) {
        return !a.actions().equals(b.actions())
                && (a.channels().isEmpty() || b.channels().isEmpty() || !common(a, b).isEmpty());
    }

    private static List<String> common(Row a, Row b) {
        if (a.channels().isEmpty() || b.channels().isEmpty()) {
            return List.of("the same channel");
        }
        return a.channels().stream().filter(b.channels()::contains).sorted().toList();
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
            rows.add(new Row(rows.size(), Integer.parseInt(row.group(1)), row.group(2), salience.find() ? Integer.parseInt(salience.group(1)) : 0,
                    group.find() ? group.group(1) : null, Conditions.of(conditions), actions, RuleLint.proposedChannels(actions)));
        }
        return rows;
    }
}
