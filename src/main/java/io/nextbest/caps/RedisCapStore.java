package io.nextbest.caps;

import io.nextbest.facts.CapDeclaration;
import io.nextbest.facts.CapDeclaration.CapCheck;
import io.micrometer.core.instrument.MeterRegistry;
import io.nextbest.facts.Contact;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Caps shared by every replica. A customer's contacts are one sorted set (score: time in ms, member: a
 * unique id with the contact's action, channel and category), so one Lua script can check every window
 * and record the contact atomically. The {customerId} hash tag keeps it one slot on Redis Cluster.
 *
 * <p>Redis is the fast index of the contacts the decision records in PostgreSQL say were made. Beside each
 * customer's contacts a marker ({@code nb:{id}:indexed}, same expiry) says they are complete; a Redis that lost
 * its data has none, so every script that reads or reserves answers "not indexed" instead, atomically with its
 * check, and the customer's contacts within the retention are rebuilt from the records ({@link ContactRecords})
 * before anything is read or reserved for them. Records that cannot be read leave the customer's caps unknown
 * ({@link UnindexedContactsException}), never counted from an empty index.
 */
public class RedisCapStore implements CapStore {
    static final char SEPARATOR = '\u001f';
    /** Written once, so a Redis that lost its data shows a new one (see {@link ContactIndexWatch}). */
    static final String GENERATION_KEY = "nb:generation";
    private static final int NOT_INDEXED = -1;
    /** A Redis that loses the customer again while they are rebuilt: give up after this many rebuilds. */
    private static final int MAX_REBUILDS = 3;

    private final RedisDataSource redis;
    private final Duration retention;
    private final Duration stampTtl;
    private final ContactRecords records;
    private final Clock clock;
    private final ContactIndexWatch watch;
    private final Script reserve;
    private final Script snapshot;
    private final Script rebuild;
    private final Script forget;
    private final Script generation;

    /**
     * @param records where a customer's contacts are rebuilt from when Redis lost them
     * @param clock   the service's clock, which contacts are stamped on (the retention of a rebuild ends now)
     */
    public RedisCapStore(RedisDataSource redis, Duration retention, Duration stampTtl, ContactRecords records, Clock clock,
                         MeterRegistry registry) {
        this.redis = redis;
        this.retention = retention;
        this.stampTtl = stampTtl;
        this.records = records;
        this.clock = clock;
        this.watch = new ContactIndexWatch(registry);
        this.reserve = new Script(redis, script("/caps/reserve.lua"));
        this.snapshot = new Script(redis, script("/caps/snapshot.lua"));
        this.rebuild = new Script(redis, script("/caps/rebuild.lua"));
        this.forget = new Script(redis, script("/caps/forget.lua"));
        this.generation = new Script(redis, script("/caps/generation.lua"));
    }

    static String key(String customerId) {
        return "nb:{" + customerId + "}:contacts";
    }

    /** Beside the contacts (same hash slot), so one script reads both. */
    static String stampKey(String customerId) {
        return "nb:{" + customerId + "}:stamp";
    }

    /** There while the customer's contacts in Redis are complete; expires with them. */
    static String markerKey(String customerId) {
        return "nb:{" + customerId + "}:indexed";
    }

    @Override
    public List<Contact> history(String customerId, Instant from, Instant to) {
        List<String> keys = List.of(key(customerId), markerKey(customerId));
        List<String> args = List.of(String.valueOf(from.toEpochMilli()), upTo(to));
        return contacts(indexed(customerId, () -> snapshot.run(keys, args)).get(2));
    }

    @Override
    public ContactSnapshot snapshot(String customerId, Instant from, Instant to) {
        List<String> keys = List.of(key(customerId), markerKey(customerId), stampKey(customerId));
        List<String> args = List.of(String.valueOf(from.toEpochMilli()), upTo(to),
                UUID.randomUUID().toString(), String.valueOf(stampTtl.toMillis()));
        Response answer = indexed(customerId, () -> snapshot.run(keys, args));
        return new ContactSnapshot(contacts(answer.get(2)), answer.get(1).toString());
    }

    /** Runs a read until it finds the customer indexed, rebuilding them in between. */
    private Response indexed(String customerId, Supplier<Response> read) {
        for (int rebuilds = 0; ; rebuilds++) {
            Response answer = read.get();
            int indexed = answer.get(0).toInteger();
            if (indexed != 0) {
                if (indexed == 2) {
                    watch.rebuilt(ContactIndexWatch.Outcome.TRUSTED);
                }
                return answer;
            }
            rebuild(customerId, rebuilds);
        }
    }

    /**
     * Indexes the customer's contacts from the records, unless another call did meanwhile (then nothing is
     * added: the script adds only when it finds the marker missing, and sets it with them).
     */
    private void rebuild(String customerId, int rebuildsSoFar) {
        if (rebuildsSoFar >= MAX_REBUILDS) {
            throw new UnindexedContactsException(customerId, "Redis lost them again while they were rebuilt", null);
        }
        Instant now = clock.instant();
        List<Contact> made;
        try {
            made = records.since(customerId, now.minus(retention));
        } catch (RuntimeException unreadable) {
            watch.rebuilt(ContactIndexWatch.Outcome.FAILED);
            throw new UnindexedContactsException(customerId, "the decision records cannot be read (" + unreadable.getMessage() + ")",
                    unreadable);
        }
        List<String> args = new ArrayList<>(2 + made.size() * 2);
        args.add(String.valueOf(now.toEpochMilli()));
        args.add(String.valueOf(retention.toMillis()));
        for (Contact contact : made) {
            args.add(String.valueOf(contact.at().toEpochMilli()));
            args.add(encode(contact));
        }
        long answer = rebuild.run(List.of(key(customerId), markerKey(customerId)), args).toLong();
        watch.rebuilt(answer == 1 ? (made.isEmpty() ? ContactIndexWatch.Outcome.EMPTY : ContactIndexWatch.Outcome.REBUILT)
                : answer == 2 ? ContactIndexWatch.Outcome.TRUSTED : ContactIndexWatch.Outcome.RACED);
    }

    /** Reads the generation of Redis's data (one round trip), so a Redis that lost it is told of at once. */
    @Override
    public void ping() {
        String candidate = UUID.randomUUID().toString();
        String current = generation.run(List.of(GENERATION_KEY), List.of(candidate)).toString();
        watch.generation(current, current.equals(candidate));
    }

    /** How many customers found without an index had each outcome, since this store was made. */
    long rebuilds(ContactIndexWatch.Outcome outcome) {
        return watch.count(outcome);
    }

    private static String upTo(Instant to) {
        return to == null ? "+inf" : String.valueOf(to.toEpochMilli());
    }

    @Override
    public String restamp(String customerId, String newStamp) {
        Response old = redis.execute("SET", stampKey(customerId), newStamp, "PX", String.valueOf(stampTtl.toMillis()), "GET");
        return old == null ? null : old.toString();
    }

    private static List<Contact> contacts(Response members) {
        List<Contact> contacts = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            Response entry = members.get(i);
            // RESP3 answers pairs; RESP2 a flat list of member, score.
            if (entry.type() == ResponseType.MULTI) {
                contacts.add(decode(entry.get(0).toString(), entry.get(1).toString()));
            } else {
                contacts.add(decode(entry.toString(), members.get(++i).toString()));
            }
        }
        return contacts;
    }

    @Override
    public Reservations reserveAll(String customerId, List<Request> requests, String newStamp) {
        List<String> keys = newStamp == null ? List.of(key(customerId), markerKey(customerId))
                : List.of(key(customerId), markerKey(customerId), stampKey(customerId));
        List<String> args = new ArrayList<>();
        args.add(String.valueOf(retention.toMillis()));
        args.add(String.valueOf(requests.size()));
        for (Request request : requests) {
            args.add(String.valueOf(request.contact().at().toEpochMilli()));
            args.add(encode(request.contact()));
            args.add(String.valueOf(request.checks().size()));
            for (CapCheck check : request.checks()) {
                args.add(String.valueOf(fieldOf(check.scope())));
                args.add(check.value());
                args.add(String.valueOf(check.max()));
                args.add(String.valueOf(check.from().toEpochMilli()));
            }
        }
        if (newStamp != null) {
            args.add(newStamp);
            args.add(String.valueOf(stampTtl.toMillis()));
        }
        for (int rebuilds = 0; ; rebuilds++) {
            Response answer = reserve.run(keys, args);
            if (answer.get(0).toInteger() != NOT_INDEXED) {
                List<Optional<CapCheck>> full = new ArrayList<>(requests.size());
                for (int i = 0; i < requests.size(); i++) {
                    full.add(refusal(answer.get(i + 2).toInteger(), requests.get(i).checks()));
                }
                Response replaced = answer.get(1);
                return new Reservations(full, replaced == null ? null : replaced.toString());
            }
            rebuild(customerId, rebuilds);
        }
    }

    private static Optional<CapCheck> refusal(int refused, List<CapCheck> checks) {
        return refused == 0 ? Optional.empty() : Optional.of(checks.get(refused - 1));
    }

    @Override
    public void release(String customerId, Contact contact) {
        redis.execute("ZREM", key(customerId), encode(contact));
    }

    @Override
    public void forget(String customerId) {
        forget.run(List.of(key(customerId), markerKey(customerId)), List.of(String.valueOf(retention.toMillis())));
    }

    /** Field positions in a member, as the script splits it: 1 id, 2 action, 3 channel, 4 category. */
    private static int fieldOf(CapDeclaration.Scope scope) {
        return switch (scope) {
            case GLOBAL -> 0;
            case ACTION -> 2;
            case CHANNEL -> 3;
            case CATEGORY -> 4;
        };
    }

    static String encode(Contact contact) {
        return contact.id() + SEPARATOR + contact.actionId() + SEPARATOR + contact.channel() + SEPARATOR
                + (contact.category() == null ? "" : contact.category());
    }

    static Contact decode(String member, String score) {
        String[] parts = member.split(String.valueOf(SEPARATOR), -1);
        return new Contact(parts[0], parts[1], parts[2], parts[3].isEmpty() ? null : parts[3],
                Instant.ofEpochMilli((long) Double.parseDouble(score)));
    }

    private static String script(String resource) {
        try (InputStream in = RedisCapStore.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
