package io.nextbest.caps;

import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import java.time.Duration;

/** Chooses the contact store by configuration; the Redis client is only touched when Redis is chosen. */
@ApplicationScoped
public class CapStoreProducer {
    @Produces
    @ApplicationScoped
    CapStore capStore(CapsConfig config, Instance<RedisDataSource> redis) {
        Duration retention = Duration.ofDays(config.retentionDays());
        return switch (config.store()) {
            case REDIS -> new RedisCapStore(redis.get(), retention);
            case MEMORY -> new InMemoryCapStore(retention);
        };
    }
}
