package io.nextbest.rules;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The condition lines of one decision-table row, read once: each line's comparisons with numbers
 * ({@code number("scrollDepth") >= 25}, {@code value < 100}, {@code count == 3}) as a range per compared
 * expression, and the row's {@code shape}, its lines with those numbers taken out. Two rows are compared only
 * when their shapes are equal (lines of another shape are not comparable), so a table's rows can be grouped
 * by shape and compared within their group.
 *
 * @param shape  the lines with every number compared with replaced by {@code #}, one per line
 * @param ranges the range of every expression the row compares with numbers, keyed by fact type and expression
 */
record Conditions(List<String> lines, String shape, Map<String, Range> ranges) {
    /** An expression compared with a number: a name, a dotted path, or a call with one text argument. */
    private static final Pattern BOUND = Pattern.compile(
            "([A-Za-z_$][\\w.$]*(?:\\(\\s*\"[^\"]*\"\\s*\\))?)\\s*(>=|<=|==|>|<)\\s*(-?\\d+(?:\\.\\d+)?)");

    private static final Pattern FACT = Pattern.compile("\\b([A-Z][A-Za-z0-9_]*)\\s*\\(");

    static Conditions of(List<String> lines) {
        StringBuilder shape = new StringBuilder();
        lines.forEach(line -> shape.append(BOUND.matcher(line).replaceAll("$1 $2 #")).append('\n'));
        return new Conditions(List.copyOf(lines), shape.toString(), ranges(lines));
    }

    /** Whether some input can match both rows' conditions (proved only for lines of the same shape). */
    static boolean overlap(List<String> a, List<String> b) {
        return of(a).overlaps(of(b));
    }

    /** Whether conditions {@code a} match everything {@code b} matches: the same lines, with ranges as wide or wider. */
    static boolean wider(List<String> a, List<String> b) {
        return of(a).widerThan(of(b));
    }

    boolean overlaps(Conditions other) {
        return sameShape(other) && everyRange(other, (first, second) -> !first.intersect(second).isEmpty());
    }

    boolean widerThan(Conditions other) {
        return sameShape(other) && everyRange(other, Range::contains);
    }

    boolean sameShape(Conditions other) {
        return shape.equals(other.shape);
    }

    /**
     * Every compared expression's range passing {@code test}. The ranges of a row are gathered over its lines by
     * fact type: separate columns on one fact ({@code Customer(value >= 300)}, {@code Customer(value < 500)}) bound
     * the same value.
     */
    private boolean everyRange(Conditions other, BiPredicate<Range, Range> test) {
        for (Map.Entry<String, Range> range : ranges.entrySet()) {
            if (!test.test(range.getValue(), other.ranges.getOrDefault(range.getKey(), Range.ALL))) {
                return false;
            }
        }
        for (Map.Entry<String, Range> range : other.ranges.entrySet()) {
            if (!ranges.containsKey(range.getKey()) && !test.test(Range.ALL, range.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Range> ranges(List<String> lines) {
        Map<String, Range> ranges = new HashMap<>();
        for (String line : lines) {
            Matcher fact = FACT.matcher(line);
            String type = fact.find() ? fact.group(1) : "";
            Matcher bound = BOUND.matcher(line);
            while (bound.find()) {
                ranges.merge(type + "." + bound.group(1), Range.of(bound.group(2), Double.parseDouble(bound.group(3))),
                        Range::intersect);
            }
        }
        return Map.copyOf(ranges);
    }

    /** The numbers between {@code low} and {@code high}, each end included or not. */
    record Range(double low, boolean lowIncluded, double high, boolean highIncluded) {
        static final Range ALL = new Range(Double.NEGATIVE_INFINITY, false, Double.POSITIVE_INFINITY, false);

        static Range of(String operator, double value) {
            return switch (operator) {
                case ">=" -> new Range(value, true, Double.POSITIVE_INFINITY, false);
                case ">" -> new Range(value, false, Double.POSITIVE_INFINITY, false);
                case "<=" -> new Range(Double.NEGATIVE_INFINITY, false, value, true);
                case "<" -> new Range(Double.NEGATIVE_INFINITY, false, value, false);
                default -> new Range(value, true, value, true);
            };
        }

        Range intersect(Range other) {
            boolean lowFromThis = low > other.low || (low == other.low && !lowIncluded);
            boolean highFromThis = high < other.high || (high == other.high && !highIncluded);
            return new Range(lowFromThis ? low : other.low, lowFromThis ? lowIncluded : other.lowIncluded,
                    highFromThis ? high : other.high, highFromThis ? highIncluded : other.highIncluded);
        }

        boolean isEmpty() {
            return low > high || (low == high && !(lowIncluded && highIncluded));
        }

        boolean contains(Range other) {
            return other.isEmpty() || intersect(other).equals(other);
        }
    }
}
