package io.nextbest.database;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import org.jboss.logging.Logger;

/**
 * Whether the database answers, as the last write or read that needed it found. While it does not, reads
 * that would wait for it fail at once instead (a decision for a customer whose state is cached goes on
 * without it), and a probe checks every second whether it is back. Health does not follow it: a replica
 * without its database still decides, so Kubernetes must not take it out of service.
 */
@ApplicationScoped
public class DatabaseStatus {
    private static final Logger LOG = Logger.getLogger(DatabaseStatus.class);
    /** Seconds the probe waits for the database to answer a validation. */
    private static final int PROBE_TIMEOUT_SECONDS = 2;

    private final AgroalDataSource dataSource;
    private volatile boolean available = true;
    private volatile String lastError;

    DatabaseStatus(AgroalDataSource dataSource, MeterRegistry registry) {
        this.dataSource = dataSource;
        Gauge.builder("nextbest.database.available", this, status -> status.available ? 1 : 0)
                .description("1 while the database answers; 0 while decisions go on from cached customers and hold their writes")
                .register(registry);
    }

    public boolean available() {
        return available;
    }

    public String lastError() {
        return lastError;
    }

    /** Throws at once while the database is known to be down, rather than let the caller wait for it. */
    public void requireAvailable() {
        if (!available) {
            throw new DatabaseUnavailableException("The database does not answer", null); // lastError is logged, not shown
        }
    }

    public void worked() {
        if (!available) {
            available = true;
            LOG.info("The database answers again");
        }
    }

    /** Records {@code error} when it says the database is not there; returns whether it did. */
    public boolean failedOn(Throwable error) {
        if (!DatabaseErrors.unavailable(error)) {
            return false;
        }
        lastError = error.getClass().getSimpleName() + ": " + error.getMessage();
        if (available) {
            available = false;
            LOG.warnf("The database does not answer (%s): decisions go on from cached customers, their events and records wait",
                    lastError);
        }
        return true;
    }

    @Scheduled(every = "${nextbest.database.probe-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void probeWhileDown() {
        if (available) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            if (connection.isValid(PROBE_TIMEOUT_SECONDS)) {
                worked();
            }
        } catch (SQLException | RuntimeException stillDown) {
            failedOn(stillDown);
        }
    }
}
