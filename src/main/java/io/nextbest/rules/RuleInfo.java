package io.nextbest.rules;

/** One compiled rule as an analyst would describe it. */
public record RuleInfo(String name, String phase, int salience, String file) {
}
