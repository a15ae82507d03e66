package io.nextbest.rules;

import java.time.Instant;
import java.util.List;

/**
 * How the last attempt to load rules went; a failed one leaves the active ruleset serving. {@code compiledBy}
 * names the replica (host/process) that compiled the ruleset activated, null when nothing was activated;
 * {@code loaded}: this replica loaded that replica's build instead of compiling the files itself.
 */
public record ReloadStatus(Instant at, String source, boolean succeeded, String version, List<RuleProblem> problems,
                           String compiledBy, boolean loaded) {
    public ReloadStatus {
        problems = List.copyOf(problems);
    }
}
