package io.nextbest.rules;

import java.time.Instant;
import java.util.List;

/** How the last attempt to load rules went; a failed one leaves the active ruleset serving. */
public record ReloadStatus(Instant at, String source, boolean succeeded, String version, List<RuleProblem> problems) {
    public ReloadStatus {
        problems = List.copyOf(problems);
    }
}
