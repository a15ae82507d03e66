package io.nextbest.records;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "nextbest.records")
public interface RecordsConfig {
    /** How long decision records are kept. */
    @WithDefault("90")
    int retentionDays();

    /** Records waiting to be written; when full, the request writes its own record rather than lose it. */
    @WithDefault("10000")
    int queueCapacity();

    /** At most this many records per database transaction. */
    @WithDefault("200")
    int batchSize();
}
