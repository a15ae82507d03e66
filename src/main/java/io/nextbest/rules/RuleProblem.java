package io.nextbest.rules;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;

/**
 * Something wrong with a rule file, located for the analyst who has to fix it. {@code line} and
 * {@code column} are 0 when the compiler gave no position; a decision table's problems point at its row.
 * An error blocks activation; a warning is shown and does not.
 *
 * @param rules the rules involved, by name (one, or the two that clash), where known
 */
public record RuleProblem(String file, int line, int column, String message, Severity severity, List<String> rules) {
    public enum Severity {
        ERROR, WARNING;

        @JsonValue
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public RuleProblem {
        severity = severity == null ? Severity.ERROR : severity;
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    /** An error: the ruleset cannot be activated until it is fixed. */
    public RuleProblem(String file, int line, int column, String message) {
        this(file, line, column, message, Severity.ERROR, List.of());
    }

    /** A finding that does not block activation. */
    public static RuleProblem warning(String file, int line, String message, String... rules) {
        return new RuleProblem(file, line, 0, message, Severity.WARNING, List.of(rules));
    }

    public RuleProblem asWarning() {
        return new RuleProblem(file, line, column, message, Severity.WARNING, rules);
    }

    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line + (column > 0 ? ":" + column : "") : "") + ": " + message;
    }
}
