package io.nextbest.caps;

/**
 * A customer's contacts are not in the contact store (Redis lost them) and could not be rebuilt from the
 * decision records: their caps cannot be checked. Callers treat it as a store that does not answer, for this
 * customer only: it is no failure of Redis, so it neither opens the breaker nor marks the store unavailable.
 */
public class UnindexedContactsException extends RuntimeException {
    public UnindexedContactsException(String customerId, String why, Throwable cause) {
        super("The contacts of " + customerId + " are not indexed and could not be rebuilt: " + why, cause);
    }
}
