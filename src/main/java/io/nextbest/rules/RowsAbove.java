package io.nextbest.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The rows of one group of a decision table (rows alike but for their numbers) above the row being checked,
 * found by where their ranges lie. Two rows can overlap or shadow each other only where their ranges of every
 * compared expression meet, so for one expression a row's range of width {@code w} starting at {@code low} can
 * meet only rows starting between {@code low - widest} and its end. A table of 10,000 bands of one value is
 * then checked row by row against its neighbours instead of against every row above. Rows with an open-ended
 * or empty range (an empty range is inside every other) are compared with all the rows above, as before.
 *
 * @param <R> a row of the table
 */
final class RowsAbove<R> {
    private final Function<R, Conditions> conditionsOf;
    private final Comparator<R> tableOrder;
    /** The expression whose ranges place the rows; null when they cannot be placed (every row is then compared). */
    private final String expression;
    private final double widest;
    private final List<R> all = new ArrayList<>();
    private final TreeMap<Double, List<R>> byLow = new TreeMap<>();

    /** @param group every row of the group, to know how wide its ranges get */
    RowsAbove(List<R> group, Function<R, Conditions> conditionsOf, Comparator<R> tableOrder) {
        this.conditionsOf = conditionsOf;
        this.tableOrder = tableOrder;
        Map<String, Conditions.Range> first = conditionsOf.apply(group.get(0)).ranges();
        String placedBy = first.isEmpty() ? null : new TreeMap<>(first).firstKey();
        double width = 0;
        for (R row : group) {
            Conditions conditions = conditionsOf.apply(row);
            Conditions.Range range = placedBy == null ? null : conditions.ranges().get(placedBy);
            if (range == null || conditions.ranges().values().stream().anyMatch(Conditions.Range::isEmpty)
                    || Double.isInfinite(range.high() - range.low())) {
                placedBy = null;
                break;
            }
            width = Math.max(width, range.high() - range.low());
        }
        this.expression = placedBy;
        this.widest = width;
    }

    /** The rows above whose ranges may meet this row's, in table order. */
    List<R> mayMeet(R row) {
        if (expression == null) {
            return all;
        }
        Conditions.Range range = conditionsOf.apply(row).ranges().get(expression);
        List<R> near = new ArrayList<>();
        byLow.subMap(range.low() - widest, true, range.high(), true).values().forEach(near::addAll);
        near.sort(tableOrder);
        return near;
    }

    void add(R row) {
        if (expression == null) {
            all.add(row);
        } else {
            byLow.computeIfAbsent(conditionsOf.apply(row).ranges().get(expression).low(), low -> new ArrayList<>()).add(row);
        }
    }
}
