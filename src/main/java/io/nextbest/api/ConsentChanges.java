package io.nextbest.api;

import io.nextbest.profile.ConsentEvents;
import io.nextbest.security.Permissions;
import java.util.List;

/**
 * Withdrawing consent is for event feeds and admins (docs/security.md): a website's decide key, which may leak
 * with its web tier, must not opt customers out. A request of any other caller that carries an unsubscribe is
 * refused before anything of it is stored.
 */
final class ConsentChanges {
    private static final String REFUSED = "is an unsubscribe, which changes consent: only a key with the ingest"
            + " or admin role may send it";

    private ConsentChanges() {
    }

    static void refuseInDecision(Permissions caller, List<EventInput> events) {
        if (caller.changesConsent() || events == null) {
            return;
        }
        for (int i = 0; i < events.size(); i++) {
            if (ConsentEvents.withdrawal(events.get(i).toIncoming()).isPresent()) {
                throw refused("events[" + i + "].type");
            }
        }
    }

    static void refuseInOutcome(Permissions caller, OutcomeRequest outcome) {
        if (!caller.changesConsent() && ConsentEvents.UNSUBSCRIBED.equals(outcome.type())) {
            throw refused("type");
        }
    }

    private static ProblemException refused(String field) {
        return new ProblemException(Problem.of("forbidden", "Forbidden", 403, "This API key may not send " + field
                        + " as it is; the request was refused whole, nothing of it was stored")
                .withErrors(List.of(new Problem.FieldError(field, REFUSED))));
    }
}
