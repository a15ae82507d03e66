package io.nextbest.rules;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One compiled rule as an analyst would describe it.
 *
 * @param row the decision-table row the rule was generated from; null (and left out) for a DRL rule
 */
public record RuleInfo(String name, String phase, int salience, String file,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Integer row) {
}
