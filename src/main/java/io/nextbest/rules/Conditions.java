package io.nextbest.rules;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares the condition lines of two decision-table rows that differ only in the numbers they compare with:
 * each line's comparisons ({@code number("scrollDepth") >= 25}, {@code value < 100}, {@code count == 3}) are read
 * as a range per compared expression. Lines of another shape are compared as text: equal, or not comparable.
 */
final class Conditions {
    /** An expression compared with a number: a name, a dotted path, or a call with one text argument. */
    private static final Pattern BOUND = Pattern.compile(
            "([A-Za-z_$][\\w.$]*(?:\\(\\s*\"[^\"]*\"\\s*\\))?)\\s*(>=|<=|==|>|<)\\s*(-?\\d+(?:\\.\\d+)?)");

    private static final Pattern FACT = Pattern.compile("\\b([A-Z][A-Za-z0-9_]*)\\s*\\(");

    private Conditions() {
    }

    /** Whether some input can match both rows' conditions (proved only for lines of the same shape). */
    static boolean overlap(List<String> a, List<String> b) {
        return lineByLine(a, b, (first, second) -> !first.intersect(second).isEmpty());
    }

    /** Whether conditions {@code a} match everything {@code b} matches: the same lines, with ranges as wide or wider. */
    static boolean wider(List<String> a, List<String> b) {
        return lineByLine(a, b, Range::contains);
    }

    /**
     * Lines equal or of the same shape, and every compared expression's range passing {@code test}. The ranges of a
     * row are gathered over its lines by fact type: separate columns on one fact ({@code Customer(value >= 300)},
     * {@code Customer(value < 500)}) bound the same value.
     */
    private static boolean lineByLine(List<String> a, List<String> b, BiPredicate<Range, Range> test) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).equals(b.get(i)) && !sameShape(a.get(i), b.get(i))) {
                return false;
            }
        }
        Map<String, Range> first = ranges(a);
        Map<String, Range> second = ranges(b);
        Set<String> compared = new HashSet<>(first.keySet());
        compared.addAll(second.keySet());
        for (String expression : compared) {
            if (!test.test(first.getOrDefault(expression, Range.ALL), second.getOrDefault(expression, Range.ALL))) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameShape(String a, String b) {
        return BOUND.matcher(a).replaceAll("$1 $2 #").equals(BOUND.matcher(b).replaceAll("$1 $2 #"));
    }

    /** The range of every expression a row compares with numbers, keyed by fact type and expression. */
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
        return ranges;
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
