package io.nextbest.facts;

import java.util.Objects;

/**
 * A candidate set aside, with a reason code for reports (CONSENT, OPTED_OUT, OUTRANKED_ON_CHANNEL, ...)
 * and a sentence for people. The rule that inserted it is recorded by the service.
 */
public final class Suppression {
    private final Candidate candidate;
    private final String reason;
    private final String detail;

    private Suppression(Candidate candidate, String reason, String detail) {
        this.candidate = Objects.requireNonNull(candidate, "candidate");
        this.reason = Objects.requireNonNull(reason, "reason");
        this.detail = detail;
    }

    public static Suppression of(Candidate candidate, String reason, String detail) {
        return new Suppression(candidate, reason, detail);
    }

    public Candidate getCandidate() {
        return candidate;
    }

    public String getReason() {
        return reason;
    }

    public String getDetail() {
        return detail;
    }

    @Override
    public String toString() {
        return "Suppression[" + candidate.getActionId() + " on " + candidate.getChannel() + ": " + reason
                + (detail == null ? "" : " (" + detail + ")") + "]";
    }
}
