package io.nextbest.database;

import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The backlogs of writes waiting for PostgreSQL: in Redis when the contact store is Redis, else none. */
@ApplicationScoped
public class DatabaseBacklogs {
    private final DatabaseBacklog events;
    private final DatabaseBacklog records;

    DatabaseBacklogs(Instance<RedisDataSource> redis, @ConfigProperty(name = "nextbest.caps.store", defaultValue = "redis") String store) {
        boolean inRedis = "redis".equalsIgnoreCase(store);
        this.events = inRedis ? new DatabaseBacklog(redis.get(), "nb:backlog:events") : DatabaseBacklog.NONE;
        this.records = inRedis ? new DatabaseBacklog(redis.get(), "nb:backlog:records") : DatabaseBacklog.NONE;
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
