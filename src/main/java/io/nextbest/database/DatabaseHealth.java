package io.nextbest.database;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports the database in readiness details, always UP: without it a replica still decides for the customers
 * it has cached and holds their events and records, and one database outage must not take every replica out
 * of the Service. (Quarkus' own datasource check, which would go DOWN, is switched off.)
 */
@Readiness
@ApplicationScoped
public class DatabaseHealth implements HealthCheck {
    private final DatabaseStatus status;

    DatabaseHealth(DatabaseStatus status) {
        this.status = status;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("database").up().withData("available", status.available());
        if (!status.available()) {
            response.withData("degraded", "decisions for customers not cached here, event ingest and admin writes answer 503 until it answers")
                    .withData("lastError", String.valueOf(status.lastError()));
        }
        return response.build();
    }
}
