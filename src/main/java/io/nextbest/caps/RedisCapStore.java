package io.nextbest.caps;

import io.nextbest.facts.CapDeclaration;
import io.nextbest.facts.CapDeclaration.CapCheck;
import io.nextbest.facts.Contact;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Caps shared by every replica. A customer's contacts are one sorted set (score: time in ms, member: a
 * unique id with the contact's action, channel and category), so one Lua script can check every window
 * and record the contact atomically. The {customerId} hash tag keeps it one slot on Redis Cluster.
 */
public class RedisCapStore implements CapStore {
    static final char SEPARATOR = '\u001f';
    private static final String RESERVE = script("/caps/reserve.lua");

    private final RedisDataSource redis;
    private final Duration retention;
    private volatile String reserveSha;

    public RedisCapStore(RedisDataSource redis, Duration retention) {
        this.redis = redis;
        this.retention = retention;
    }

    static String key(String customerId) {
        return "nb:{" + customerId + "}:contacts";
    }

    @Override
    public List<Contact> history(String customerId, Instant from, Instant to) {
        Response members = redis.execute("ZRANGE", key(customerId), "(" + from.toEpochMilli(), String.valueOf(to.toEpochMilli()),
                "BYSCORE", "WITHSCORES");
        List<Contact> contacts = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            Response entry = members.get(i);
            // RESP3 answers pairs; RESP2 a flat list of member, score.
            if (entry.size() == 2) {
                contacts.add(decode(entry.get(0).toString(), entry.get(1).toString()));
            } else {
                contacts.add(decode(entry.toString(), members.get(++i).toString()));
            }
        }
        return contacts;
    }

    @Override
    public Optional<CapCheck> reserve(String customerId, Contact contact, List<CapCheck> checks) {
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
        int refused = evalReserve(customerId, args).toInteger();
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

    private Response evalReserve(String customerId, List<String> args) {
        String sha = reserveSha;
        if (sha != null) {
            try {
                return redis.execute("EVALSHA", withKey(sha, customerId, args));
            } catch (RuntimeException notLoaded) {
                if (notLoaded.getMessage() == null || !notLoaded.getMessage().contains("NOSCRIPT")) {
                    throw notLoaded;
                }
            }
        }
        reserveSha = redis.execute("SCRIPT", "LOAD", RESERVE).toString();
        return redis.execute("EVALSHA", withKey(reserveSha, customerId, args));
    }

    private static String[] withKey(String sha, String customerId, List<String> args) {
        List<String> all = new ArrayList<>(List.of(sha, "1", key(customerId)));
        all.addAll(args);
        return all.toArray(String[]::new);
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
