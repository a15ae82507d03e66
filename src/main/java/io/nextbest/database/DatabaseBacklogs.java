package io.nextbest.database;

import io.nextbest.caps.ContactStoreStatus;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The backlogs of writes waiting for PostgreSQL: in Redis when the contact store is Redis, else none. */
@ApplicationScoped
public class DatabaseBacklogs {
    private final DatabaseBacklog events;
    private final DatabaseBacklog records;

    DatabaseBacklogs(Instance<RedisDataSource> redis, ContactStoreStatus redisStatus,
                     @ConfigProperty(name = "nextbest.caps.store", defaultValue = "redis") String store) {
        boolean inRedis = "redis".equalsIgnoreCase(store);
        // A Redis known to be away is not waited for: its breaker is open, and the write goes without a copy.
        this.events = inRedis ? new DatabaseBacklog(redis.get(), "nb:backlog:events", redisStatus::available) : DatabaseBacklog.NONE;
        this.records = inRedis ? new DatabaseBacklog(redis.get(), "nb:backlog:records", redisStatus::available) : DatabaseBacklog.NONE;
    }

    /** Decisions' events the database did not take in time. */
    public DatabaseBacklog events() {
        return events;
    }

    /** Decision records not yet in the database. */
    public DatabaseBacklog records() {
        return records;
    }
}
