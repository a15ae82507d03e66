package io.nextbest.rules;

import io.nextbest.facts.CapDeclaration;
import java.util.ArrayList;
import java.util.List;

/**
 * The rulesets deciding at one moment: the active one and, while a canary runs, the canary's for its share of
 * the customers. Taken once per decision, so a decision that reads its customer before it knows who they are
 * (an alias) is decided by one of the two it read the caps for.
 *
 * @param canary the canary running, or null
 */
public record RulesInForce(Ruleset active, Canary canary) {
    /** The ruleset that decides for this customer (canonical id): the canary's when they are in its share. */
    public Ruleset forCustomer(String customerId) {
        return canary != null && canary.serves(customerId) ? canary.ruleset() : active;
    }

    /** The caps of either ruleset: what a decision reads before it knows which one decides. */
    public List<CapDeclaration> capsOfEither() {
        if (canary == null) {
            return active.caps();
        }
        List<CapDeclaration> both = new ArrayList<>(active.caps());
        both.addAll(canary.ruleset().caps());
        return both;
    }
}
