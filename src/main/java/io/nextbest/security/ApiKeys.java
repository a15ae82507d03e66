package io.nextbest.security;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/** The configured API keys, by the SHA-256 of the key: who is calling, with which roles. */
@ApplicationScoped
public class ApiKeys {
    private static final Logger LOG = Logger.getLogger(ApiKeys.class);

    /** A caller known by its key's name. */
    public record Caller(String name, Set<String> roles) {
    }

    private record Entry(Caller caller, byte[] hash) {
    }

    private final List<Entry> entries;

    ApiKeys(SecurityConfig config) {
        this.entries = config.apiKeys().orElse(List.of()).stream()
                .map(String::trim).filter(entry -> !entry.isEmpty()).map(ApiKeys::parse).toList();
        if (entries.isEmpty() && !config.open()) {
            LOG.warn("No API key is configured (nextbest.security.api-keys): every API call will be refused with 401");
        }
    }

    /** The caller a presented key belongs to; every configured hash is compared, in constant time. */
    public Optional<Caller> verify(String presentedKey) {
        byte[] presented = sha256(presentedKey);
        Caller found = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.hash(), presented) && found == null) {
                found = entry.caller();
            }
        }
        return Optional.ofNullable(found);
    }

    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** "website:decide:9f86…" → the website caller with the decide role. */
    private static Entry parse(String entry) {
        String[] parts = entry.split(":");
        if (parts.length != 3 || parts[0].isBlank()) {
            throw new IllegalArgumentException("nextbest.security.api-keys: an entry must be name:role[+role]:sha256-hex,"
                    + " not '" + (parts.length > 0 ? parts[0] : "") + ":…'");
        }
        String name = parts[0].trim();
        List<String> roles = new ArrayList<>();
        for (String role : parts[1].split("\\+")) {
            String normalised = role.trim().toLowerCase(Locale.ROOT);
            if (!Roles.ALL.contains(normalised)) {
                throw new IllegalArgumentException("nextbest.security.api-keys: key '" + name + "' has the unknown role '"
                        + role.trim() + "'; the roles are " + String.join(", ", Roles.ALL));
            }
            roles.add(normalised);
        }
        byte[] hash;
        try {
            hash = HexFormat.of().parseHex(parts[2].trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException notHex) {
            hash = new byte[0];
        }
        if (hash.length != 32) {
            throw new IllegalArgumentException("nextbest.security.api-keys: key '" + name
                    + "' needs the SHA-256 of the key as 64 hex digits (printf %s \"$key\" | sha256sum)");
        }
        return new Entry(new Caller(name, Set.copyOf(roles)), hash);
    }
}
