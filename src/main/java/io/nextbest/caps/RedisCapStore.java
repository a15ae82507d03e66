package io.nextbest.caps;

import io.nextbest.facts.CapDeclaration;
import io.nextbest.facts.CapDeclaration.CapCheck;
import io.nextbest.facts.Contact;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Caps shared by every replica. A customer's contacts are one sorted set (score: time in ms, member: a
 * unique id with the contact's action, channel and category), so one Lua script can check every window
 * and record the contact atomically. The {customerId} hash tag keeps it one slot on Redis Cluster.
 */
public class RedisCapStore implements CapStore {
    static final char SEPARATOR = '\u001f';

    private final RedisDataSource redis;
    private final Duration retention;
    private final Duration stampTtl;
    private final Script reserve;
    private final Script snapshot;

    public RedisCapStore(RedisDataSource redis, Duration retention, Duration stampTtl) {
        this.redis = redis;
        this.retention = retention;
        this.stampTtl = stampTtl;
        this.reserve = new Script(redis, script("/caps/reserve.lua"));
        this.snapshot = new Script(redis, script("/caps/snapshot.lua"));
    }

    static String key(String customerId) {
        return "nb:{" + customerId + "}:contacts";
    }

    /** Beside the contacts (same hash slot), so one script reads both. */
    static String stampKey(String customerId) {
        return "nb:{" + customerId + "}:stamp";
    }

    @Override
    public List<Contact> history(String customerId, Instant from, Instant to) {
        return contacts(redis.execute("ZRANGE", key(customerId), "(" + from.toEpochMilli(), upTo(to),
                "BYSCORE", "WITHSCORES"));
    }

    @Override
    public ContactSnapshot snapshot(String customerId, Instant from, Instant to) {
        Response answer = snapshot.run(List.of(key(customerId), stampKey(customerId)), List.of(
                String.valueOf(from.toEpochMilli()), upTo(to),
                UUID.randomUUID().toString(), String.valueOf(stampTtl.toMillis())));
        return new ContactSnapshot(contacts(answer.get(1)), answer.get(0).toString());
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
    public Optional<CapCheck> reserve(String customerId, Contact contact, List<CapCheck> checks) {
        return refusal(reserve.run(List.of(key(customerId)), reserveArguments(contact, checks)).toInteger(), checks);
    }

    @Override
    public Reservation reserveAndRestamp(String customerId, Contact contact, List<CapCheck> checks, String newStamp) {
        List<String> args = reserveArguments(contact, checks);
        args.add(newStamp);
        args.add(String.valueOf(stampTtl.toMillis()));
        Response answer = reserve.run(List.of(key(customerId), stampKey(customerId)), args);
        Response replaced = answer.get(1);
        return new Reservation(refusal(answer.get(0).toInteger(), checks), replaced == null ? null : replaced.toString());
    }

    private List<String> reserveArguments(Contact contact, List<CapCheck> checks) {
        List<String> args = new ArrayList<>();
        args.add(String.valueOf(contact.at().toEpochMilli()));
        args.add(encode(contact));
        args.add(String.valueOf(retention.toMillis()));
        args.add(String.valueOf(checks.size()));
        for (CapCheck check : checks) {
            args.add(String.valueOf(fieldOf(check.scope())));
            args.add(check.value());
            args.add(String.valueOf(check.max()));
            args.add(String.valueOf(check.from().toEpochMilli()));
        }
        return args;
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
        redis.execute("DEL", key(customerId));
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
