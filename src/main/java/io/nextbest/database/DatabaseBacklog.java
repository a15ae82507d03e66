package io.nextbest.database;

import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Copies, in Redis, of writes PostgreSQL has not taken yet, so that an answered decision outlives the process
 * that made it: a replica killed while the database is away leaves its decisions' events and records here,
 * and any replica writes them once the database answers. One Redis stream per kind of write; each entry
 * names its customer (erasure removes theirs) and carries the write as JSON.
 *
 * <p>The replica that added an entry removes it once its own write is committed; an entry older than
 * {@code orphanAfter} is taken to be orphaned (its replica died or is still waiting for the database) and
 * written by whichever replica finds it: the writes are idempotent, so writing one twice is harmless.
 */
public class DatabaseBacklog {
    /** A backlog that keeps nothing: the embedded service has no Redis, and writes synchronously. */
    public static final DatabaseBacklog NONE = new DatabaseBacklog(null, null, () -> false);

    private static final String CUSTOMER = "c";
    private static final String PAYLOAD = "p";
    /**
     * How long the key that finds an entry by its write's id outlives a replica that died before removing it:
     * a key left behind points at nothing once its entry is gone, so this only bounds what crashes leave.
     */
    private static final long FINDER_SECONDS = Duration.ofDays(1).toSeconds();
    private static final String ADD_FINDABLE = """
            local entry = redis.call('XADD', KEYS[1], '*', 'c', ARGV[1], 'p', ARGV[2])
            redis.call('SET', KEYS[2], entry, 'EX', ARGV[3])
            return entry
            """;
    private static final String FIND = """
            local entry = redis.call('GET', KEYS[2])
            if not entry then return {} end
            return redis.call('XRANGE', KEYS[1], entry, entry)
            """;

    private final RedisDataSource redis;
    private final String key;
    private final BooleanSupplier redisAvailable;

    DatabaseBacklog(RedisDataSource redis, String key, BooleanSupplier redisAvailable) {
        this.redis = redis;
        this.key = key;
        this.redisAvailable = redisAvailable;
    }

    /** False when writes cannot be kept outside the process (no Redis configured). */
    public boolean enabled() {
        return redis != null;
    }

    /**
     * Adds a write, and returns once Redis has it.
     *
     * @return the entry's id, to remove it once the database has the write
     * @throws RuntimeException when Redis does not take it
     */
    public String add(String customerId, String payload) {
        requireEnabled();
        if (!redisAvailable.getAsBoolean()) {
            throw new IllegalStateException("Redis is unavailable");
        }
        return redis.execute("XADD", key, "*", CUSTOMER, customerId, PAYLOAD, payload).toString();
    }

    /**
     * Adds a write that {@link #find} finds by {@code writeId} (a decision's id) until it is removed, in the same
     * round trip as {@link #add(String, String)}.
     */
    public String add(String customerId, String writeId, String payload) {
        requireEnabled();
        if (!redisAvailable.getAsBoolean()) {
            throw new IllegalStateException("Redis is unavailable");
        }
        return redis.execute("EVAL", ADD_FINDABLE, "2", key, finder(writeId), customerId, payload,
                String.valueOf(FINDER_SECONDS)).toString();
    }

    /**
     * The entry of the write added under {@code writeId}, if it is still waiting here: one round trip, whatever
     * the backlog's length. Empty without Redis, or while Redis is known to be away.
     */
    public Optional<Entry> find(String writeId) {
        if (!enabled() || !redisAvailable.getAsBoolean()) {
            return Optional.empty();
        }
        return entries(redis.execute("EVAL", FIND, "2", key, finder(writeId))).stream().findFirst();
    }

    /** Removes entries added by {@link #add(String, String, String)}, and what finds them. */
    public void remove(Collection<String> ids, Collection<String> writeIds) {
        remove(ids);
        if (!writeIds.isEmpty() && enabled()) {
            redis.execute("DEL", writeIds.stream().map(this::finder).toArray(String[]::new));
        }
    }

    /** Removes entries whose writes the database has (or that were given up on); ignores ids already gone. */
    public void remove(Collection<String> ids) {
        if (ids.isEmpty() || !enabled()) {
            return;
        }
        List<String> args = new ArrayList<>(ids.size() + 1);
        args.add(key);
        args.addAll(ids);
        redis.execute("XDEL", args.toArray(String[]::new));
    }

    /**
     * Removes the copies of writes the database now has; ids may be null (a write that had no copy). Redis not
     * answering, they stay: written again later, they are found stored, which is harmless.
     */
    public void removeStored(java.util.stream.Stream<String> ids) {
        List<String> present = ids.filter(java.util.Objects::nonNull).toList();
        try {
            remove(present);
        } catch (RuntimeException redisAway) {
            // left for a later scan, as said
        }
    }

    /** Entries added before {@code before}, oldest first, at most {@code count}. */
    public List<Entry> addedBefore(Instant before, int count) {
        if (!enabled() || !redisAvailable.getAsBoolean()) {
            return List.of();
        }
        return entries(redis.execute("XRANGE", key, "-", String.valueOf(before.toEpochMilli() - 1),
                "COUNT", String.valueOf(count)));
    }

    /** Removes every entry of the customer (erasure): none of their writes may land after it. */
    public void forget(String customerId) {
        if (!enabled()) {
            return;
        }
        String after = "-";
        while (true) {
            List<Entry> page = entries(redis.execute("XRANGE", key, after, "+", "COUNT", "1000"));
            if (page.isEmpty()) {
                return;
            }
            remove(page.stream().filter(entry -> entry.customerId().equals(customerId)).map(Entry::id).toList());
            after = "(" + page.get(page.size() - 1).id();
        }
    }

    /** How many writes wait here. */
    public long size() {
        return enabled() ? redis.execute("XLEN", key).toLong() : 0;
    }

    /** When an entry older than this is anybody's to write. */
    public static Instant orphanedBefore(Instant now, Duration orphanAfter) {
        return now.minus(orphanAfter);
    }

    /** The backlog's key as hash tag: on Redis Cluster, in the stream's slot, so one script touches both. */
    private String finder(String writeId) {
        return "{" + key + "}:id:" + writeId;
    }

    private void requireEnabled() {
        if (!enabled()) {
            throw new IllegalStateException("No backlog without Redis");
        }
    }

    private static List<Entry> entries(Response range) {
        List<Entry> entries = new ArrayList<>(range.size());
        for (Response entry : range) {
            String customerId = null;
            String payload = null;
            Response fields = entry.get(1);
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                String name = fields.get(i).toString();
                if (CUSTOMER.equals(name)) {
                    customerId = fields.get(i + 1).toString();
                } else if (PAYLOAD.equals(name)) {
                    payload = fields.get(i + 1).toString();
                }
            }
            entries.add(new Entry(entry.get(0).toString(), customerId, payload));
        }
        return entries;
    }

    /** One write waiting for the database. */
    public record Entry(String id, String customerId, String payload) {
    }
}
