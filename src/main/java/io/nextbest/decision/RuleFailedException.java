package io.nextbest.decision;

/** A rule threw while firing, e.g. a send time it could not read. Names the rule so an analyst can fix it. */
public class RuleFailedException extends RuntimeException {
    private final String rule;

    public RuleFailedException(String rule, Throwable cause) {
        super("Rule \"" + rule + "\" failed: " + rootMessage(cause), cause);
        this.rule = rule;
    }

    public String rule() {
        return rule;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? "an error without a message (logged)" : root.getMessage();
    }
}
