package io.nextbest.rules.sandbox;

import org.drools.drl.ast.descr.PackageDescr;

/** A rule file's DRL (a decision table's is the DRL it converts to), as written and as Drools parsed it. */
record DrlSource(String name, String text, PackageDescr parsed) {

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

    private int offsetOfLine(int line) {
        int offset = 0;
        for (int i = 1; i < line && offset >= 0; i++) {
            offset = text.indexOf('\n', offset) + 1;
            if (offset == 0) {
                return text.length();
            }
        }
        return offset;
    }

    private int lineAt(int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
