package io.nextbest.decision;

/** No ruleset has compiled since the service started, so there is nothing to decide with. */
public class NoActiveRulesetException extends RuntimeException {
    public NoActiveRulesetException() {
        super("No ruleset is active: the rules folder has not compiled since the service started");
    }
}
