package io.nextbest.state;

import io.nextbest.state.CustomerState.ActiveEnrolment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What one decision's journey moves changed in the database, so that the replica's cached copy of the
 * customer can take the change on instead of being read again. Taken on only by the copy the decision
 * itself was made from (its state stamp is {@code knownStamp}, and no other change was stamped since),
 * and only when that copy still shows what the moves started from; any doubt drops the copy.
 *
 * @param knownStamp the stamp under which the deciding copy was current just before this change
 * @param ended      enrolments that were exited or completed
 * @param moved      enrolments moved on to another step
 * @param enrolled   enrolments started, as the database now holds them
 */
public record JourneyPatch(String knownStamp, Set<String> ended, List<Move> moved, List<ActiveEnrolment> enrolled) {
    public JourneyPatch {
        ended = Set.copyOf(ended);
        moved = List.copyOf(moved);
        enrolled = List.copyOf(enrolled);
    }

    /** An enrolment moved from one step to the next at {@code since}. */
    public record Move(String id, String from, String to, Instant since) {
    }

    public boolean isEmpty() {
        return ended.isEmpty() && moved.isEmpty() && enrolled.isEmpty();
    }

    /** The copy with the change, or null when the copy does not show what the change started from. */
    CustomerState applyTo(CustomerState copy) {
        List<ActiveEnrolment> journeys = new ArrayList<>();
        int found = 0;
        for (ActiveEnrolment enrolment : copy.journeys()) {
            Move move = moveOf(enrolment.id());
            if (ended.contains(enrolment.id())) {
                found++;
            } else if (move == null) {
                journeys.add(enrolment);
            } else if (move.from().equals(enrolment.step())) {
                found++;
                journeys.add(new ActiveEnrolment(enrolment.id(), enrolment.journey(), move.to(), enrolment.enrolledAt(),
                        move.since(), enrolment.attributes()));
            } else {
                return null;
            }
        }
        if (found != ended.size() + moved.size()) {
            return null; // an enrolment the change ended or moved is not in this copy
        }
        for (ActiveEnrolment started : enrolled) {
            if (journeys.stream().anyMatch(active -> active.journey().equals(started.journey()))) {
                return null; // the database allows one active enrolment per journey: this copy is not that state
            }
            journeys.add(started);
        }
        return new CustomerState(copy.id(), copy.aliasOf(), copy.customer(), copy.quietHours(), copy.history(),
                copy.wholeHistory(), journeys);
    }

    private Move moveOf(String id) {
        return moved.stream().filter(move -> move.id().equals(id)).findFirst().orElse(null);
    }
}
