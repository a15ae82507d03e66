package io.nextbest.bench;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A generated trigger ruleset of realistic shapes (single events, combinations, windows, accumulates). */
public final class GeneratedRules {
    private GeneratedRules() {
    }

    /** {@code count} trigger rules in files of 100, to add to the sample ruleset's eligibility and arbitration. */
    public static Map<String, byte[]> triggers(int count) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        StringBuilder drl = null;
        for (int i = 0; i < count; i++) {
            if (i % 100 == 0) {
                if (drl != null) {
                    files.put("generated-" + (i / 100 - 1) + ".drl", drl.toString().getBytes(StandardCharsets.UTF_8));
                }
                drl = new StringBuilder("package nextbest;\nimport io.nextbest.facts.*;\n\n");
            }
            drl.append(rule(i));
        }
        if (drl != null) {
            files.put("generated-" + ((count - 1) / 100) + ".drl", drl.toString().getBytes(StandardCharsets.UTF_8));
        }
        return files;
    }

    private static String rule(int i) {
        String when = switch (i % 4) {
            case 0 -> "    Event( type == \"event-" + (i % 50) + "\", current )\n";
            case 1 -> "    $e : Event( type == \"event-" + (i % 50) + "\", current )\n"
                    + "    Customer( segment == \"segment-" + (i % 7) + "\" )\n";
            case 2 -> "    $e : Event( type == \"event-" + (i % 50) + "\", current )\n"
                    + "    exists Event( type == \"event-" + ((i + 1) % 50) + "\", withinMinutesBefore($e, 60) )\n";
            default -> "    exists Event( type == \"event-" + (i % 50) + "\", current )\n"
                    + "    accumulate( Event( type == \"page_viewed\", ageDays < 7 ); $n : count(); $n >= " + (1 + i % 5) + " )\n";
        };
        return "rule \"Generated trigger " + i + "\"\n    agenda-group \"triggers\"\nwhen\n" + when
                + "then\n    insert(Candidate.email(\"generated-" + i + "\").priority(" + (i % 100) + ").category(\"generated-"
                + (i % 20) + "\"));\nend\n\n";
    }
}
