package io.nextbest.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.nextbest.rules.RuleBuilds;
import io.nextbest.rules.RuleProblem;
import java.util.List;

/**
 * An RFC 9457 problem detail, the one shape every error leaves in. {@code errors} names each bad
 * request field; {@code problems} locates each rule-file problem; {@code build} is the ruleset build a
 * refused build waited behind.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, List<FieldError> errors,
                      List<RuleProblem> problems, RuleBuilds.Build build) {
    public static final String MEDIA_TYPE = "application/problem+json";
    /** Relative, so it resolves against the service itself rather than a domain it may not own. */
    static final String TYPE_BASE = "/problems/";

    public record FieldError(String field, String message) {
    }

    static Problem of(String slug, String title, int status, String detail) {
        return new Problem(TYPE_BASE + slug, title, status, detail, null, null, null);
    }

    Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(type, title, status, detail, fieldErrors, problems, build);
    }

    Problem withProblems(List<RuleProblem> ruleProblems) {
        return new Problem(type, title, status, detail, errors, ruleProblems, build);
    }

    Problem withBuild(RuleBuilds.Build running) {
        return new Problem(type, title, status, detail, errors, problems, running);
    }
}
