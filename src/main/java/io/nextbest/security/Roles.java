package io.nextbest.security;

import java.util.List;

/**
 * The three permissions, one per kind of caller (docs/security.md): a website's or app's backend decides, an
 * event feed ingests, analysts and operators administer. Each key gets only what its caller needs, so a key
 * that leaks from a web tier cannot change consent or read profiles.
 */
public final class Roles {
    /** POST /v1/decisions and outcomes other than an unsubscribe: what a website's or app's backend calls. */
    public static final String DECIDE = "decide";
    /**
     * POST /v1/events and outcomes, unsubscribes included: feeds such as an email platform's webhooks or a
     * customer data platform's stream. Changing consent needs this role (or admin).
     */
    public static final String INGEST = "ingest";
    /**
     * Everything under /v1: rules, customers, statistics, journeys, deliveries, decision records, the console's
     * calls; decision answers to an admin keep the reasons that reveal consent.
     */
    public static final String ADMIN = "admin";

    /** Every role an API key may be given, in the order the documentation lists them. */
    public static final List<String> ALL = List.of(DECIDE, INGEST, ADMIN);

    private Roles() {
    }
}
