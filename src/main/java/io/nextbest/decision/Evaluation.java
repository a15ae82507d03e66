package io.nextbest.decision;

import io.nextbest.facts.Candidate;
import io.nextbest.facts.Contact;
import io.nextbest.journeys.Journeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the rules decided: chosen candidates in rank order, the ones set aside and why, and every rule fired.
 *
 * @param contacts    the contacts the decision made once it was carried out: those it reserved, and those sent
 *                    failed open; empty for an evaluation that reserves nothing (a dry run, a simulation)
 * @param failedRules the rules that threw, whose firings were undone (and what they guarded set aside)
 */
public record Evaluation(List<Chosen> chosen, List<SetAside> setAside, List<String> firedRules,
                         List<Journeys.RuledMove> journeyMoves, List<Contact> contacts, List<FailedRule> failedRules) {
    public static final String FREQUENCY_CAP = "FREQUENCY_CAP";
    public static final String CAPS_UNAVAILABLE = "CAPS_UNAVAILABLE";
    /** The detail of a contact that could not be reserved because the contact store did not answer. */
    public static final String STORE_UNAVAILABLE = "Contact caps cannot be checked right now (contact store unavailable)";

    public Evaluation {
        chosen = List.copyOf(chosen);
        setAside = List.copyOf(setAside);
        firedRules = List.copyOf(firedRules);
        journeyMoves = List.copyOf(journeyMoves);
        contacts = List.copyOf(contacts);
        failedRules = List.copyOf(failedRules);
    }

    /** The same evaluation, carried out: it made {@code made}. */
    public Evaluation withContacts(List<Contact> made) {
        return new Evaluation(chosen, setAside, firedRules, journeyMoves, made, failedRules);
    }

    /** The same evaluation with {@code lost} moved from chosen to set aside, for caps lost at reservation. */
    public Evaluation withLostAtReservation(Map<Candidate, String> lost) {
        List<Chosen> kept = chosen.stream().filter(c -> !lost.containsKey(c.candidate())).toList();
        List<SetAside> aside = new ArrayList<>(setAside);
        chosen.stream().filter(c -> lost.containsKey(c.candidate())).forEach(c -> aside.add(
                new SetAside(c.candidate(), c.proposedBy(),
                        STORE_UNAVAILABLE.equals(lost.get(c.candidate())) ? CAPS_UNAVAILABLE : FREQUENCY_CAP,
                        lost.get(c.candidate()), null)));
        return new Evaluation(kept, aside, firedRules, journeyMoves, contacts, failedRules);
    }

    /** The same evaluation with the chosen candidates in {@code unchecked} marked as sent without their caps checked. */
    public Evaluation withFailedOpen(Set<Candidate> unchecked) {
        if (unchecked.isEmpty()) {
            return this;
        }
        List<Chosen> marked = chosen.stream()
                .map(c -> unchecked.contains(c.candidate()) ? new Chosen(c.candidate(), c.proposedBy(), true) : c)
                .toList();
        return new Evaluation(marked, setAside, firedRules, journeyMoves, contacts, failedRules);
    }

    /**
     * @param proposedBy the rule that proposed the candidate
     * @param failedOpen it goes out although its caps could not be checked: the contact store was down and
     *                   the rules, knowing that, still chose it (its channel fails open)
     */
    public record Chosen(Candidate candidate, String proposedBy, boolean failedOpen) {
        public Chosen(Candidate candidate, String proposedBy) {
            this(candidate, proposedBy, false);
        }
    }

    /** @param suppressedBy the rule that set it aside, null when no rule did (nothing chose it) */
    public record SetAside(Candidate candidate, String proposedBy, String reason, String detail, String suppressedBy) {
    }
}
