package io.nextbest.rules.sandbox;

import java.util.Arrays;
import org.drools.drl.ast.descr.PackageDescr;

/**
 * A rule file's DRL (a decision table's is the DRL it converts to), as written and as Drools parsed it.
 *
 * @param lineStarts the offset in {@code text} at which each line starts: lines are looked up for every rule, and
 *                   counting them from the top of a table's DRL each time costs the square of its rows
 */
record DrlSource(String name, String text, PackageDescr parsed, int[] lineStarts) {

    DrlSource(String name, String text, PackageDescr parsed) {
        this(name, text, parsed, lineStarts(text));
    }

    /**
     * The line of the file on which a piece of code Drools took out of it (a then-part, a function body)
     * starts, looked for from the line of its rule or function on.
     */
    int lineOf(String code, int fromLine) {
        int from = offsetOfLine(Math.max(fromLine, 1));
        String start = code.stripLeading();
        int found = start.isEmpty() ? -1 : text.indexOf(start.substring(0, Math.min(start.length(), 200)), from);
        if (found < 0) {
            return Math.max(fromLine, 1);
        }
        int leadingBreaks = (int) code.substring(0, code.length() - start.length()).chars().filter(c -> c == '\n').count();
        return lineAt(found) - leadingBreaks;
    }

    /** Where the line starts; the end of the text for a line past its last. */
    private int offsetOfLine(int line) {
        return line <= lineStarts.length ? lineStarts[line - 1] : text.length();
    }

    private int lineAt(int offset) {
        int index = Arrays.binarySearch(lineStarts, offset);
        return index >= 0 ? index + 1 : -index - 1;
    }

    private static int[] lineStarts(String text) {
        int[] starts = new int[16];
        int lines = 0;
        int offset = 0;
        while (true) {
            if (lines == starts.length) {
                starts = Arrays.copyOf(starts, lines * 2);
            }
            starts[lines++] = offset;
            int lineBreak = text.indexOf('\n', offset);
            if (lineBreak < 0) {
                return Arrays.copyOf(starts, lines);
            }
            offset = lineBreak + 1;
        }
    }
}
