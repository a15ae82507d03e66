package io.nextbest.security;

import java.util.function.Predicate;

/**
 * What a caller may do beyond calling an endpoint its roles open: what the endpoint then refuses, or leaves out
 * of its answer (docs/security.md).
 *
 * @param readsProfiles  may learn what a customer consented to or opted out of (admin)
 * @param changesConsent may withdraw a customer's consent, with an unsubscribe event or outcome (ingest, admin)
 */
public record Permissions(boolean readsProfiles, boolean changesConsent) {

    /** @param hasRole whether the caller holds a role, e.g. a SecurityContext's {@code isUserInRole} */
    public static Permissions of(Predicate<String> hasRole) {
        boolean admin = hasRole.test(Roles.ADMIN);
        return new Permissions(admin, admin || hasRole.test(Roles.INGEST));
    }
}
