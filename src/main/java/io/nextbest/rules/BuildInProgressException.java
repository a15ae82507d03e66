package io.nextbest.rules;

import java.time.Duration;

/** A build was asked for while this replica's builder was still busy with another after the caller's wait. */
public class BuildInProgressException extends RuntimeException {
    private final RuleBuilds.Build running;
    private final Duration waited;

    public BuildInProgressException(RuleBuilds.Build running, Duration waited) {
        super("Still building " + running.what() + " (since " + running.since() + ") after waiting " + waited);
        this.running = running;
        this.waited = waited;
    }

    public RuleBuilds.Build running() {
        return running;
    }

    public Duration waited() {
        return waited;
    }
}
