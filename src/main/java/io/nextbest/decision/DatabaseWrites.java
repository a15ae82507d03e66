package io.nextbest.decision;

import io.nextbest.database.DatabaseStatus;
import io.nextbest.database.DatabaseUnavailableException;
import io.nextbest.delivery.Outbox;
import io.nextbest.events.IncomingEvent;
import io.nextbest.profile.ConsentEvents;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * What a decision writes to the database once its contacts are reserved — journey moves, a consent
 * withdrawal, an action for a webhook's outbox. While the database is known to be down such a decision is
 * refused (503) before it reserves anything, rather than reserve a contact and then fail half way.
 */
@ApplicationScoped
class DatabaseWrites {
    private final DatabaseStatus database;
    private final Outbox outbox;

    DatabaseWrites(DatabaseStatus database, Outbox outbox) {
        this.database = database;
        this.outbox = outbox;
    }

    void requireFor(Evaluation evaluation, List<IncomingEvent> events) {
        if (database.available()) {
            return;
        }
        List<String> needs = new ArrayList<>();
        if (!evaluation.journeyMoves().isEmpty()) {
            needs.add("journey moves");
        }
        if (events.stream().anyMatch(event -> ConsentEvents.withdrawal(event).isPresent())) {
            needs.add("a consent withdrawal");
        }
        if (evaluation.chosen().stream().anyMatch(chosen -> outbox.delivers(chosen.candidate().getChannel()))) {
            needs.add("a webhook delivery");
        }
        if (!needs.isEmpty()) {
            throw new DatabaseUnavailableException("The database does not answer and this decision needs it for "
                    + String.join(", ", needs), null);
        }
    }
}
