package io.nextbest;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The service's latency histograms use a dozen fixed buckets around what a synchronous caller cares
 * about (0.5 ms to 5 s), rather than the ~70 of a percentile histogram per series.
 */
public class MetricsConfiguration {
    private static final double[] BUCKETS_SECONDS = {0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};

    @Produces
    @Singleton
    MeterFilter latencyBuckets() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (id.getType() != Meter.Type.TIMER || !id.getName().startsWith("nextbest.")) {
                    return config;
                }
                double[] nanos = new double[BUCKETS_SECONDS.length];
                for (int i = 0; i < nanos.length; i++) {
                    nanos[i] = BUCKETS_SECONDS[i] * 1e9; // timers are configured in nanoseconds
                }
                return DistributionStatisticConfig.builder()
                        .percentilesHistogram(false)
                        .serviceLevelObjectives(nanos)
                        .build()
                        .merge(config);
            }
        };
    }
}
