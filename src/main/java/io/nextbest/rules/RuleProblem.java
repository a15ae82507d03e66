package io.nextbest.rules;

/**
 * Something wrong with a rule file, located for the analyst who has to fix it. {@code line} and
 * {@code column} are 0 when the compiler gave no position.
 */
public record RuleProblem(String file, int line, int column, String message) {
    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line + (column > 0 ? ":" + column : "") : "") + ": " + message;
    }
}
