package io.nextbest.decision;

import io.nextbest.caps.CapStore;
import io.nextbest.facts.CapDeclaration.CapCheck;
import io.nextbest.facts.Candidate;
import io.nextbest.facts.Contact;
import io.nextbest.rules.Ruleset;
import io.nextbest.state.CustomerChanges.Restamp;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;
import java.util.stream.Collectors;

/**
 * Turns the rules' choice into contacts: reserves every chosen customer-facing action against its caps, all of
 * an evaluation's contacts in one atomic step of the store (one Redis round trip). When another decision filled
 * a cap first, the rules run again on fresh contact counts, so the capped action is set aside by the caps rule
 * and the next-ranked eligible one takes its place; reservations this decision already holds are kept. A journey
 * step's contacts are named after the step, so a step retried after its replica died mid-decision reuses what it
 * had reserved.
 */
@ApplicationScoped
public class CapReservations {
    static final int MAX_ATTEMPTS = 3;
    private static final Logger LOG = Logger.getLogger(CapReservations.class);


    private final CapStore capStore;
    private final FactAssembler assembler;

    CapReservations(CapStore capStore, FactAssembler assembler) {
        this.capStore = capStore;
        this.assembler = assembler;
    }

    /** Evaluates the rules and reserves what they chose (tests, and callers with nothing to do in between). */
    public Evaluation evaluateAndReserve(Ruleset ruleset, DecisionFacts facts, RuleLimits limits) {
        return reserve(ruleset, facts, RuleEvaluator.evaluate(ruleset, facts, limits), limits, Restamp.NONE);
    }

    /**
     * Reserves the contacts of {@code proposed}, the rules' first evaluation of {@code firstFacts}, running them
     * again on fresh contact counts when another decision filled a cap first.
     *
     * @param restamp the restamp the decision's stored events owe, carried by the first reservation's round trip
     */
    public Evaluation reserve(Ruleset ruleset, DecisionFacts firstFacts, Evaluation proposed, RuleLimits limits,
                              Restamp restamp) {
        String customerId = firstFacts.customer().getId();
        // Contacts are made on the service's clock, never at a moment the caller chose.
        Instant now = firstFacts.caps().getCountedAt();
        Map<String, Contact> held = new LinkedHashMap<>();
        DecisionFacts facts = firstFacts;
        Evaluation evaluation = proposed;
        for (int attempt = 1; ; attempt++) {
            if (attempt > 1) {
                evaluation = RuleEvaluator.evaluate(ruleset, facts, limits);
            }
            Map<Candidate, String> refused = new IdentityHashMap<>();
            Set<Candidate> failedOpen = Collections.newSetFromMap(new IdentityHashMap<>());
            Set<String> chosenKeys = new HashSet<>();
            // Every contact this evaluation adds, reserved together: one round trip, whatever their number.
            List<Candidate> adding = new ArrayList<>();
            List<CapStore.Request> requests = new ArrayList<>();
            for (Evaluation.Chosen chosen : evaluation.chosen()) {
                Candidate candidate = chosen.candidate();
                if (candidate.isInternal()) {
                    continue;
                }
                String key = keyOf(candidate);
                if (!chosenKeys.add(key) || held.containsKey(key)) {
                    continue;
                }
                String id = firstFacts.stepContactPrefix().map(prefix -> prefix + key.replace('\n', ':'))
                        .orElseGet(() -> UUID.randomUUID().toString());
                adding.add(candidate);
                requests.add(new CapStore.Request(new Contact(id, candidate.getActionId(), candidate.getChannel(),
                        candidate.getCategory(), now), facts.caps().checksFor(candidate)));
            }
            if (!requests.isEmpty()) {
                try {
                    List<Optional<CapCheck>> full = reserve(customerId, requests, restamp);
                    for (int i = 0; i < adding.size(); i++) {
                        if (full.get(i).isPresent()) {
                            refused.put(adding.get(i), full.get(i).get().declaration().description());
                        } else {
                            held.put(keyOf(adding.get(i)), requests.get(i).contact());
                        }
                    }
                } catch (RuntimeException storeDown) {
                    for (Candidate candidate : adding) {
                        if (facts.caps().isUnavailable()) {
                            // The rules chose it knowing no cap could be checked: its channel fails open.
                            failedOpen.add(candidate);
                        } else {
                            // Not reserved means not sent, unless the rules, told the caps cannot be checked, still
                            // choose it: they run again on the store's outage.
                            refused.put(candidate, Evaluation.STORE_UNAVAILABLE);
                        }
                    }
                }
            }
            boolean lastAttempt = attempt == MAX_ATTEMPTS;
            if (refused.isEmpty() || lastAttempt) {
                releaseUnchosen(customerId, held, chosenKeys);
                Evaluation reserved = refused.isEmpty() ? evaluation : evaluation.withLostAtReservation(refused);
                Evaluation carriedOut = reserved.withFailedOpen(failedOpen);
                return carriedOut.withContacts(made(carriedOut, held, now));
            }
            Set<String> heldIds = held.values().stream().map(Contact::id).collect(Collectors.toSet());
            facts = assembler.withFreshContacts(facts, ruleset.caps(), heldIds);
        }
    }

    private List<Optional<CapCheck>> reserve(String customerId, List<CapStore.Request> requests, Restamp restamp) {
        if (!restamp.owed()) {
            return capStore.reserveAll(customerId, requests, null).full();
        }
        CapStore.Reservations reserved = capStore.reserveAll(customerId, requests, restamp.newStamp());
        restamp.carried(reserved.replacedStamp());
        return reserved.full();
    }

    /** Gives back the contacts of a decision that was not answered after all (failed, or past its deadline). */
    public void release(String customerId, List<Contact> contacts) {
        for (Contact contact : contacts) {
            try {
                capStore.release(customerId, contact);
            } catch (RuntimeException storeDown) {
                // Counted until its window ends: a cap a little stricter for a while, never a contact too many.
                LOG.warnf("Contact %s of a decision not answered could not be given back: %s", contact.id(),
                        storeDown.getMessage());
            }
        }
    }

    /** A re-run may choose differently: give back what this decision no longer sends. */
    private void releaseUnchosen(String customerId, Map<String, Contact> held, Set<String> chosenKeys) {
        held.forEach((key, contact) -> {
            if (!chosenKeys.contains(key)) {
                capStore.release(customerId, contact);
            }
        });
    }

    /**
     * The contacts the decision makes, in rank order, for its record (which a contact store that lost them is
     * rebuilt from): each reserved one under the id it was reserved with, and each sent failed open.
     */
    private static List<Contact> made(Evaluation carriedOut, Map<String, Contact> held, Instant now) {
        List<Contact> made = new ArrayList<>();
        for (Evaluation.Chosen chosen : carriedOut.chosen()) {
            Candidate candidate = chosen.candidate();
            if (candidate.isInternal()) {
                continue;
            }
            Contact reserved = held.get(keyOf(candidate));
            if (reserved != null) {
                made.add(reserved);
            } else if (chosen.failedOpen()) {
                made.add(new Contact(UUID.randomUUID().toString(), candidate.getActionId(), candidate.getChannel(),
                        candidate.getCategory(), now));
            }
        }
        return made;
    }

    private static String keyOf(Candidate candidate) {
        return candidate.getActionId() + '\n' + candidate.getChannel();
    }
}
