package io.nextbest.security;

/** The two permissions: asking for decisions (websites, apps, backends) and administering the service. */
public final class Roles {
    /** POST /v1/decisions, outcomes and event ingest. */
    public static final String DECIDE = "decide";
    /** Everything else under /v1: rules, customers, statistics, journeys, deliveries, the console's calls. */
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
