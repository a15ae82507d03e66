package io.nextbest.rules;

import io.nextbest.facts.Candidate;
import io.nextbest.facts.Journey;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks every filled cell of a decision table against what its column's template does with it, before anything
 * goes live: a send time ({@code atLocalTime("$param")}) must parse as it will when the rule fires, a number passed
 * to a setting ({@code priority($param)}, {@code withinHours($param)}) must be one the setting takes, a number
 * compared ({@code >= $param}) must be a number, and a cell must hold as many comma-separated values as the template
 * has parameters ({@code Candidate.of("$1", "$2")} needs the channel). Values are checked by the very methods that
 * use them live, so validation and decisions agree.
 */
final class TableCellCheck {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$(param|\\d+)");
    /** Drools splits a cell on commas that are not escaped with a backslash. */
    private static final Pattern VALUE_SEPARATOR = Pattern.compile("(?<!\\\\),");
    /** Characters that end a value substituted as code: what follows is code of the cell's own. */
    private static final Pattern CODE = Pattern.compile("[();{}]");
    private static final Pattern COMPARED_WITH = Pattern.compile("[<>]=?\\s*$");
    /** The fact classes whose settings a table's actions call; each is tried on a throwaway instance. */
    private static final List<Supplier<Object>> SETTINGS = List.of(() -> Candidate.web("cell-check"),
            () -> Journey.enrol("cell-check"));

    private TableCellCheck() {
    }

    static List<RuleProblem> check(String file, List<TableCell> cells) {
        List<RuleProblem> problems = new ArrayList<>();
        for (TableCell cell : cells) {
            if (cell.template().contains("forall(")) {
                continue; // a cell of any number of values, each a condition of its own
            }
            problemIn(cell).ifPresent(message ->
                    problems.add(new RuleProblem(file, cell.row(), cell.column(), cell.where() + ": " + message)));
        }
        return problems;
    }

    /** The first thing wrong with the cell, worded for the analyst. */
    private static Optional<String> problemIn(TableCell cell) {
        List<String> values = VALUE_SEPARATOR.splitAsStream(cell.value()).map(String::strip).toList();
        Matcher placeholder = PLACEHOLDER.matcher(cell.template());
        while (placeholder.find()) {
            Slot slot = Slot.at(cell.template(), placeholder.start());
            boolean whole = placeholder.group(1).equals("param");
            int index = whole ? 0 : Integer.parseInt(placeholder.group(1)) - 1;
            String value = whole ? cell.value() : index < values.size() ? values.get(index) : "";
            if (!whole && value.isEmpty()) {
                return Optional.of(missing(cell, slot, index));
            }
            Optional<String> wrong = slot.problemWith(value);
            if (wrong.isPresent()) {
                return wrong;
            }
        }
        return Optional.empty();
    }

    private static String missing(TableCell cell, Slot slot, int index) {
        int needed = 0;
        Matcher placeholder = PLACEHOLDER.matcher(cell.template());
        while (placeholder.find()) {
            if (!placeholder.group(1).equals("param")) {
                needed = Math.max(needed, Integer.parseInt(placeholder.group(1)));
            }
        }
        String wanted = slot.isChannel() ? "a channel: " + String.join(", ", Candidate.CHANNELS.stream()
                .map(channel -> "'" + channel + "'").toList()) + " or another" : "value " + (index + 1);
        return "'" + cell.value() + "' lacks " + wanted + ": the column (" + cell.label() + ") takes " + needed
                + " values separated by commas, e.g. '" + example(cell.value(), needed, slot) + "'";
    }

    private static String example(String value, int needed, Slot slot) {
        List<String> values = new ArrayList<>(VALUE_SEPARATOR.splitAsStream(value).map(String::strip)
                .filter(part -> !part.isEmpty()).toList());
        while (values.size() < needed) {
            values.add(slot.isChannel() ? "email" : "…");
        }
        return String.join(", ", values);
    }

    /**
     * Where a placeholder sits in a template: the call whose argument it is (method name, argument index, whether
     * on {@code Candidate.}), quoted or not, or the comparison it ends.
     */
    private record Slot(String method, int argument, boolean factory, boolean quoted, boolean compared) {

        static Slot at(String template, int offset) {
            boolean quoted = offset > 0 && template.charAt(offset - 1) == '"';
            String before = template.substring(0, quoted ? offset - 1 : offset);
            boolean compared = !quoted && COMPARED_WITH.matcher(before).find();
            int depth = 0;
            int commas = 0;
            boolean inText = false;
            for (int i = before.length() - 1; i >= 0; i--) {
                char c = before.charAt(i);
                if (c == '"') {
                    inText = !inText;
                } else if (inText) {
                    continue;
                } else if (c == ')') {
                    depth++;
                } else if (c == '(' && depth > 0) {
                    depth--;
                } else if (c == ',' && depth == 0) {
                    commas++;
                } else if (c == '(') {
                    int start = i;
                    while (start > 0 && Character.isJavaIdentifierPart(before.charAt(start - 1))) {
                        start--;
                    }
                    boolean factory = before.substring(0, start).stripTrailing().endsWith("Candidate.");
                    return new Slot(before.substring(start, i).strip(), commas, factory, quoted, compared);
                }
            }
            return new Slot("", 0, false, quoted, compared);
        }

        boolean isChannel() {
            return factory && argument == 1 && (method.equals("of") || method.equals("internal"));
        }

        Optional<String> problemWith(String value) {
            if (!quoted && CODE.matcher(value).find()) {
                return Optional.empty(); // code that breaks out of the template: the sandbox judges it
            }
            if (compared) {
                return isNumber(value) ? Optional.empty()
                        : Optional.of("'" + value + "' is not a number, and the column compares with one");
            }
            if (quoted && method.equals("atLocalTime")) {
                return SendTimeCheck.problemWith(value);
            }
            if (!quoted && argument == 0 && !factory) {
                return settingProblem(value);
            }
            return Optional.empty();
        }

        /** A value passed as code to a setting such as priority(...) or withinHours(...): the setting's own checks apply. */
        private Optional<String> settingProblem(String value) {
            for (Supplier<Object> sample : SETTINGS) {
                Object target = sample.get();
                for (Method setting : target.getClass().getMethods()) {
                    if (setting.getName().equals(method) && setting.getParameterCount() == 1) {
                        return applied(setting, target, value);
                    }
                }
            }
            return Optional.empty();
        }

        private Optional<String> applied(Method setting, Object target, String value) {
            Class<?> type = setting.getParameterTypes()[0];
            Object argument;
            try {
                if (type == int.class) {
                    argument = Integer.parseInt(value);
                } else if (type == long.class) {
                    argument = Long.parseLong(value);
                } else if (type == double.class) {
                    argument = Double.parseDouble(value);
                } else {
                    return Optional.empty();
                }
            } catch (NumberFormatException notANumber) {
                return Optional.of("'" + value + "' is not " + (type == double.class ? "a number" : "a whole number")
                        + ", which " + method + "(…) takes");
            }
            try {
                setting.invoke(target, argument);
                return Optional.empty();
            } catch (InvocationTargetException refused) {
                return Optional.of(method + "(" + value + ") fails: " + refused.getCause().getMessage());
            } catch (IllegalAccessException impossible) {
                throw new IllegalStateException(impossible);
            }
        }

        private static boolean isNumber(String value) {
            try {
                Double.parseDouble(value);
                return true;
            } catch (NumberFormatException notANumber) {
                return false;
            }
        }
    }
}
