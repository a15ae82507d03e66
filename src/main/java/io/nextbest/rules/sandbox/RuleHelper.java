package io.nextbest.rules.sandbox;

import org.kie.api.definition.rule.Rule;

/**
 * What a then-part may ask of Drools' helper ({@code drools}, {@code kcontext}) and call without a scope:
 * working memory changes, the rule's own name, and halting its own decision. The sandbox checks calls
 * against this interface; Drools' real helper offers much more (the session, its globals, its channels).
 */
interface RuleHelper {
    Object insert(Object fact);

    Object insertLogical(Object fact);

    void update(Object fact);

    void delete(Object fact);

    void retract(Object fact);

    Rule getRule();

    void halt();
}
