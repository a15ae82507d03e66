package io.nextbest.rules;

import java.time.Instant;

/**
 * A candidate ruleset serving {@code percent} of customers beside the active one.
 *
 * @param id the stored rollout it comes from
 */
public record Canary(long id, Ruleset ruleset, double percent, Instant startedAt) {
    /** Whether this customer (their canonical id) is decided by the canary rather than the active ruleset. */
    public boolean serves(String customerId) {
        return CustomerShare.within(ruleset.version(), customerId, percent);
    }

    public String version() {
        return ruleset.version();
    }
}
