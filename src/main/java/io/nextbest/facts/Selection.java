package io.nextbest.facts;

/** A candidate arbitration chose; {@code rank} 1 is the best. */
public final class Selection {
    private final Candidate candidate;
    private final int rank;

    public Selection(Candidate candidate, int rank) {
        this.candidate = candidate;
        this.rank = rank;
    }

    public Candidate getCandidate() {
        return candidate;
    }

    public int getRank() {
        return rank;
    }

    @Override
    public String toString() {
        return "Selection[" + rank + ": " + candidate.getActionId() + "]";
    }
}
