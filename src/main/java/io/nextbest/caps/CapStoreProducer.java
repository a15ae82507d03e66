package io.nextbest.caps;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import java.time.Duration;

/** Chooses the contact store by configuration; the Redis client is only touched when Redis is chosen. */
@ApplicationScoped
public class CapStoreProducer {
    @Produces
    @ApplicationScoped
    CapStore capStore(CapsConfig config, Instance<RedisDataSource> redis, MeterRegistry registry,
                      ContactStoreStatus status, ContactRecords records, Clock clock) {
        Duration retention = Duration.ofDays(config.retentionDays());
        CapStore store = switch (config.store()) {
            case REDIS -> new CircuitBreakingCapStore(new RedisCapStore(redis.get(), retention, config.stampTtl(), records,
                    clock, registry), config.breaker());
            case MEMORY -> new InMemoryCapStore(retention);
        };
        return new MeteredCapStore(store, registry, config.store().name().toLowerCase(java.util.Locale.ROOT), status);
    }
}
