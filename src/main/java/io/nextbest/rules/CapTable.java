package io.nextbest.rules;

import io.nextbest.facts.CapDeclaration;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the caps table ({@code rules/caps.csv}): one cap per line,
 * {@code scope,applies to,max,window,description}. Blank lines and lines starting with # are skipped,
 * as is a header line starting with "scope".
 */
public final class CapTable {
    public static final String FILE = "caps.csv";
    private static final Pattern ROLLING = Pattern.compile("(\\d+)\\s*(m|min|h|d|w)");

    private CapTable() {
    }

    /** The caps, or the problems with each bad line (file and line number); never half a table. */
    public static Parsed parse(String file, byte[] content) {
        List<CapDeclaration> caps = new ArrayList<>();
        List<RuleProblem> problems = new ArrayList<>();
        for (Line line : capLines(content)) {
            try {
                caps.add(parseLine(line.text()));
            } catch (IllegalArgumentException bad) {
                problems.add(new RuleProblem(file, line.number(), 0, bad.getMessage()));
            }
        }
        return new Parsed(caps, problems);
    }

    /** A line of the table that holds a cap, numbered from 1 as an editor shows it. */
    record Line(int number, String text) {
    }

    /** A channel, category or action a cap names (not "*"), at its line. */
    record Target(String scope, String name, int line) {
    }

    /** What the caps name, line by line, read leniently: lines that do not parse are reported by {@link #parse}. */
    static List<Target> targets(byte[] content) {
        List<Target> targets = new ArrayList<>();
        for (Line line : capLines(content)) {
            List<String> cells = cells(line.text());
            if (cells.size() >= 2 && !cells.get(1).equals(CapDeclaration.EACH) && !cells.get(1).isEmpty()) {
                targets.add(new Target(cells.get(0).toLowerCase(Locale.ROOT), cells.get(1), line.number()));
            }
        }
        return targets;
    }

    /** The lines that hold caps: blank lines, comments and the header left out. */
    static List<Line> capLines(byte[] content) {
        List<Line> caps = new ArrayList<>();
        String[] lines = new String(content, StandardCharsets.UTF_8).split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (!line.isEmpty() && !line.startsWith("#") && !line.toLowerCase(Locale.ROOT).startsWith("scope")) {
                caps.add(new Line(i + 1, line));
            }
        }
        return caps;
    }

    public record Parsed(List<CapDeclaration> caps, List<RuleProblem> problems) {
    }

    private static CapDeclaration parseLine(String line) {
        List<String> cells = cells(line);
        if (cells.size() < 4) {
            throw new IllegalArgumentException("A cap needs: scope, applies to, max, window (and a description); got "
                    + cells.size() + " column(s)");
        }
        CapDeclaration.Scope scope = scope(cells.get(0));
        String target = cells.get(1).isEmpty() ? CapDeclaration.EACH : cells.get(1);
        if (scope == CapDeclaration.Scope.GLOBAL && !target.equals(CapDeclaration.EACH)) {
            throw new IllegalArgumentException("A global cap applies to everything: write * in 'applies to'");
        }
        int max = max(cells.get(2));
        String window = cells.get(3).toLowerCase(Locale.ROOT);
        String description = cells.size() > 4 && !cells.get(4).isBlank() ? cells.get(4) : line;
        if (window.startsWith("local ")) {
            return new CapDeclaration(scope, target, max, null, period(window.substring(6).strip()), description);
        }
        return new CapDeclaration(scope, target, max, rolling(window), null, description);
    }

    private static CapDeclaration.Scope scope(String cell) {
        try {
            return CapDeclaration.Scope.valueOf(cell.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            throw new IllegalArgumentException("Unknown scope '" + cell + "': use global, channel, category or action");
        }
    }

    private static int max(String cell) {
        try {
            int max = Integer.parseInt(cell);
            if (max < 0) {
                throw new NumberFormatException();
            }
            return max;
        } catch (NumberFormatException notACount) {
            throw new IllegalArgumentException("'" + cell + "' is not a maximum count (a whole number, 0 or more)");
        }
    }

    private static Duration rolling(String window) {
        Matcher matcher = ROLLING.matcher(window);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + window + "' is not a window: write a rolling one like 90m, 24h, "
                    + "7d or 2w, or a calendar one in the customer's timezone: local day, local week, local month");
        }
        long amount = Long.parseLong(matcher.group(1));
        Duration duration = switch (matcher.group(2)) {
            case "m", "min" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofDays(7 * amount);
        };
        if (duration.isZero()) {
            throw new IllegalArgumentException("A window cannot be empty: '" + window + "'");
        }
        return duration;
    }

    private static CapDeclaration.Period period(String name) {
        try {
            return CapDeclaration.Period.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            throw new IllegalArgumentException("'local " + name + "' is not a calendar window: use local day, "
                    + "local week or local month");
        }
    }

    /** Splits a CSV line, honouring quotes ("" inside quotes is one quote). */
    static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                cell.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                cells.add(cell.toString().strip());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString().strip());
        return cells;
    }
}
