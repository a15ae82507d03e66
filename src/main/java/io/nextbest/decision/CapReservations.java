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
import java.util.function.Function;
import org.jboss.logging.Logger;
import java.util.stream.Collectors;

/**
 * Turns the rules' choice into contacts: reserves every chosen customer-facing action against its caps,
 * atomically per action. When another decision filled a cap first, the rules run again on fresh contact
 * counts, so the capped action is set aside by the caps rule and the next-ranked eligible one takes its
 * place; reservations this decision already holds are kept. A journey step's contacts are named after
 * the step, so a step retried after its replica died mid-decision reuses what it had reserved.
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

    public Evaluation evaluateAndReserve(Ruleset ruleset, DecisionFacts firstFacts, RuleLimits limits) {
        return evaluateAndReserve(ruleset, firstFacts, limits, first -> Restamp.NONE);
    }

    /**
     * As above, with {@code beforeReserving} called once, with the first evaluation, before the first
     * reservation: the decision's events are committed meanwhile, and no contact is reserved for a
     * decision whose events could not be stored or that cannot be carried out (it throws, and the client
     * retries). The first reservation carries the restamp the stored events owe.
     */
    public Evaluation evaluateAndReserve(Ruleset ruleset, DecisionFacts firstFacts, RuleLimits limits,
                                         Function<Evaluation, Restamp> beforeReserving) {
        String customerId = firstFacts.customer().getId();
        // Contacts are made on the service's clock, never at a moment the caller chose.
        Instant now = firstFacts.caps().getCountedAt();
        Map<String, Contact> held = new LinkedHashMap<>();
        DecisionFacts facts = firstFacts;
        Restamp restamp = Restamp.NONE;
        for (int attempt = 1; ; attempt++) {
            Evaluation evaluation = RuleEvaluator.evaluate(ruleset, facts, limits);
            if (attempt == 1) {
                restamp = beforeReserving.apply(evaluation);
            }
            Map<Candidate, String> refused = new IdentityHashMap<>();
            Set<Candidate> failedOpen = Collections.newSetFromMap(new IdentityHashMap<>());
            Set<String> chosenKeys = new HashSet<>();
            for (Evaluation.Chosen chosen : evaluation.chosen()) {
                Candidate candidate = chosen.candidate();
                if (candidate.isInternal()) {
                    continue;
                }
                String key = keyOf(candidate);
                chosenKeys.add(key);
                if (held.containsKey(key)) {
                    continue;
                }
                String id = firstFacts.stepContactPrefix().map(prefix -> prefix + key.replace('\n', ':'))
                        .orElseGet(() -> UUID.randomUUID().toString());
                Contact contact = new Contact(id, candidate.getActionId(), candidate.getChannel(),
                        candidate.getCategory(), now);
                Optional<CapCheck> full;
                try {
                    full = reserve(customerId, contact, facts.caps().checksFor(candidate), restamp);
                } catch (RuntimeException storeDown) {
                    if (facts.caps().isUnavailable()) {
                        // The rules chose it knowing no cap could be checked: its channel fails open.
                        failedOpen.add(candidate);
                    } else {
                        // Not reserved means not sent, unless the rules, told the caps cannot be checked, still
                        // choose it: they run again on the store's outage.
                        refused.put(candidate, Evaluation.STORE_UNAVAILABLE);
                    }
                    continue;
                }
                if (full.isPresent()) {
                    refused.put(candidate, full.get().declaration().description());
                } else {
                    held.put(key, contact);
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

    private Optional<CapCheck> reserve(String customerId, Contact contact, List<CapCheck> checks, Restamp restamp) {
        if (!restamp.owed()) {
            return capStore.reserve(customerId, contact, checks);
        }
        CapStore.Reservation reservation = capStore.reserveAndRestamp(customerId, contact, checks, restamp.newStamp());
        restamp.carried(reservation.replacedStamp());
        return reservation.full();
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
