package io.nextbest.rules;

import io.nextbest.facts.SendTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Send times written as text ({@code atLocalTime("tomorrow 14:00")}), read as when the rule fires: a misspelt one
 * ("tomorow 18:00") would fail every decision that reaches the rule.
 */
final class SendTimeCheck {
    private static final Pattern LITERAL = Pattern.compile("\\batLocalTime\\s*\\(\\s*\"([^\"]*)\"\\s*\\)");

    private SendTimeCheck() {
    }

    /** What is wrong with a send time, with the one probably meant; empty when it is one. */
    static Optional<String> problemWith(String value) {
        try {
            SendTime.atLocalTime(value);
            return Optional.empty();
        } catch (IllegalArgumentException invalid) {
            return Optional.of("'" + value + "' is not a send time" + meant(value)
                    .map(suggestion -> " (did you mean '" + suggestion + "'?)").orElse("")
                    + ": write it like '14:00', 'today 18:00', 'tomorrow 14:00' or 'monday 09:00'");
        }
    }

    /** The send times written as text in a DRL file that are not send times, at their lines. */
    static List<RuleProblem> check(String file, String drl) {
        List<RuleProblem> problems = new ArrayList<>();
        String[] lines = drl.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            Matcher literal = LITERAL.matcher(lines[i]);
            while (literal.find()) {
                int line = i + 1;
                int column = literal.start(1) + 1;
                problemWith(literal.group(1)).ifPresent(message -> problems.add(new RuleProblem(file, line, column, message)));
            }
        }
        return problems;
    }

    /** A send time one slip away: a misspelt day, or an hour without its leading zero. */
    private static Optional<String> meant(String value) {
        String[] parts = value.strip().split("\\s+");
        String time = parts[parts.length - 1].matches("\\d:\\d\\d") ? "0" + parts[parts.length - 1] : parts[parts.length - 1];
        String day = parts.length == 2 ? DidYouMean.closest(parts[0], SendTime.DAYS).orElse(parts[0]) + " " : "";
        String suggestion = day + time;
        try {
            SendTime.atLocalTime(suggestion);
            return suggestion.equals(value) ? Optional.empty() : Optional.of(suggestion);
        } catch (IllegalArgumentException stillInvalid) {
            return Optional.empty();
        }
    }
}
