package io.nextbest.caps;

import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import java.util.ArrayList;
import java.util.List;

/** A Lua script run by its SHA, loaded again when Redis has lost it (a restart, SCRIPT FLUSH, a new primary). */
final class Script {
    private final RedisDataSource redis;
    private final String source;
    private volatile String sha;

    Script(RedisDataSource redis, String source) {
        this.redis = redis;
        this.source = source;
    }

    Response run(List<String> keys, List<String> args) {
        String known = sha;
        if (known != null) {
            try {
                return redis.execute("EVALSHA", command(known, keys, args));
            } catch (RuntimeException notLoaded) {
                if (notLoaded.getMessage() == null || !notLoaded.getMessage().contains("NOSCRIPT")) {
                    throw notLoaded;
                }
            }
        }
        sha = redis.execute("SCRIPT", "LOAD", source).toString();
        return redis.execute("EVALSHA", command(sha, keys, args));
    }

    private static String[] command(String sha, List<String> keys, List<String> args) {
        List<String> all = new ArrayList<>(keys.size() + args.size() + 2);
        all.add(sha);
        all.add(String.valueOf(keys.size()));
        all.addAll(keys);
        all.addAll(args);
        return all.toArray(String[]::new);
    }
}
