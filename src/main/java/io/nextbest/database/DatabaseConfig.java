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
}
