package io.nextbest.records;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "nextbest.records")
public interface RecordsConfig {
    /** How long decision records are kept. */
    @WithDefault("90")
    int retentionDays();

    /**
     * Records waiting to be written (about 1 KB each): room for a database outage of this many decisions.
     * When it is full, decisions are refused with 503 before they take effect.
     */
    @WithDefault("30000")
    int queueCapacity();

    /** At most this many records per database transaction. */
    @WithDefault("200")
    int batchSize();
}
