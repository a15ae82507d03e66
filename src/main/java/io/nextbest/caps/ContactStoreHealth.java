package io.nextbest.caps;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports the contact store in readiness details, always UP: with Redis down a replica still decides (customer
 * contacts are held back, fail closed), and one Redis outage must not take every replica out of the Service.
 */
@Readiness
@ApplicationScoped
public class ContactStoreHealth implements HealthCheck {
    private final ContactStoreStatus status;
    private final CapsConfig config;

    ContactStoreHealth(ContactStoreStatus status, CapsConfig config) {
        this.status = status;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("contact-store").up()
                .withData("store", config.store().name().toLowerCase(java.util.Locale.ROOT))
                .withData("available", status.available())
                .withData("since", status.since().toString());
        if (!status.available()) {
            response.withData("degraded", "customer contacts are held back (CAPS_UNAVAILABLE) until the store answers")
                    .withData("lastError", String.valueOf(status.lastError()));
        }
        return response.build();
    }
}
