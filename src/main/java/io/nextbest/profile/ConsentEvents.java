package io.nextbest.profile;

import io.nextbest.events.IncomingEvent;
import java.util.Optional;

/**
 * Events that change consent. An {@code unsubscribed} event withdraws consent on the channel named by
 * its {@code channel} attribute, or on every channel (global opt-out) when it names none. Applying
 * them is the customer's right, not marketing logic, so it happens before any rule runs.
 */
public final class ConsentEvents {
    public static final String UNSUBSCRIBED = "unsubscribed";
    /** The value of {@link Withdrawal#channel()} meaning every channel. */
    public static final String ALL_CHANNELS = null;

    private ConsentEvents() {
    }

    public record Withdrawal(String channel) {
        public boolean everyChannel() {
            return channel == null;
        }
    }

    public static Optional<Withdrawal> withdrawal(IncomingEvent event) {
        if (!UNSUBSCRIBED.equals(event.type())) {
            return Optional.empty();
        }
        Object channel = event.attributes().get("channel");
        return Optional.of(new Withdrawal(channel == null || channel.toString().isBlank() ? ALL_CHANNELS
                : channel.toString()));
    }
}
