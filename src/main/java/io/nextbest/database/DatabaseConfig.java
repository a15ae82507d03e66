package io.nextbest.database;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "nextbest.database")
public interface DatabaseConfig {
    /** How often a database that stopped answering is tried again (read by {@link DatabaseStatus}). */
    @WithDefault("1s")
    Duration probeInterval();

    /**
     * On shutdown, how long held events and decision records are still offered to a database that does not
     * answer before they are written to the log instead (each writer gets this long).
     */
    @WithDefault("10s")
    Duration shutdownWait();

    /**
     * A write kept in the Redis backlog this long is anybody's to write: its replica died, or still waits for the
     * database. Writing one twice is harmless; sooner means a killed replica's decisions are stored sooner.
     */
    @WithDefault("15s")
    Duration backlogOrphanAfter();

    /** How often each replica looks for orphaned writes in the backlog (read by the writers' scheduled scans). */
    @WithDefault("5s")
    Duration backlogScanInterval();
}
