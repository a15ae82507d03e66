package io.nextbest.rules;

import io.nextbest.json.JsonMapConverter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Stores and reads releases: the shared record of which uploaded or rolled-back ruleset should be active. */
@ApplicationScoped
public class RulesetReleases {
    private final EntityManager entityManager;

    RulesetReleases(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public RulesetRelease save(String version, String source, String baseFolderVersion, Map<String, byte[]> files,
                               Instant at) {
        RulesetRelease release = new RulesetRelease();
        release.version = version;
        release.source = source;
        release.baseFolderVersion = baseFolderVersion;
        release.files = encode(files);
        release.releasedAt = at;
        entityManager.persist(release);
        return release;
    }

    /** The newest release, if any. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<RulesetRelease> latest() {
        List<RulesetRelease> newest = entityManager
                .createQuery("from RulesetRelease r order by r.id desc", RulesetRelease.class)
                .setMaxResults(1)
                .getResultList();
        return newest.stream().findFirst();
    }

    public static Map<String, byte[]> filesOf(RulesetRelease release) {
        return decode(release.files);
    }

    /** Files as stored: a JSON object of file name → base64 content. */
    static String encode(Map<String, byte[]> files) {
        Map<String, Object> encoded = new LinkedHashMap<>();
        files.forEach((name, content) -> encoded.put(name, Base64.getEncoder().encodeToString(content)));
        return JsonMapConverter.write(encoded);
    }

    static Map<String, byte[]> decode(String stored) {
        Map<String, byte[]> files = new TreeMap<>();
        JsonMapConverter.read(stored).forEach((name, content) ->
                files.put(name, Base64.getDecoder().decode(String.valueOf(content))));
        return files;
    }
}
