package io.nextbest.support;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.restassured.RestAssured;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Gives the test service its own copy of rules/, so tests can edit the folder (reloads, the watcher,
 * broken files) without touching the sample rules in the repository.
 */
public class RulesFolderCopy implements QuarkusTestResourceLifecycleManager {
    public static final Path DIR = Path.of("target", "test-rules");

    @Override
    public Map<String, String> start() {
        restore();
        return Map.of("nextbest.rules.dir", DIR.toString());
    }

    @Override
    public void stop() {
    }

    /**
     * After a test that changed the live rules: the folder back to the samples, no stored release or canary,
     * and the sample ruleset active again for every customer.
     */
    public static void putTheSampleRulesBack(EntityManager entityManager) {
        restore();
        RestAssured.given().post("/v1/rules/canary/abandon").then().statusCode(org.hamcrest.Matchers.oneOf(200, 404));
        QuarkusTransaction.requiringNew().run(() -> {
            entityManager.createQuery("delete from RulesetRelease").executeUpdate();
            entityManager.createQuery("delete from RulesetCanary").executeUpdate();
        });
        RestAssured.given().post("/v1/rules/reload").then().statusCode(200);
    }

    /** Puts the folder back to a copy of rules/. */
    public static void restore() {
        try {
            if (Files.exists(DIR)) {
                try (Stream<Path> old = Files.walk(DIR)) {
                    old.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            }
            copySamplesTo(DIR);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh temporary copy of rules/, for a replica the test starts on rules of its own. */
    public static Path temporaryCopy(String prefix) throws IOException {
        Path copy = Files.createTempDirectory(prefix);
        copySamplesTo(copy);
        return copy;
    }

    /**
     * A temporary copy of rules/ plus one trigger for a test's own event type, so the test's decisions
     * propose exactly what it expects and no sample rule reacts to them.
     *
     * @param candidate the Java expression the trigger inserts, e.g. {@code Candidate.web("banner").priority(50)}
     */
    public static Path temporaryCopyWithTrigger(String prefix, String ruleName, String eventType, String candidate) throws IOException {
        Path copy = temporaryCopy(prefix);
        Files.writeString(copy.resolve(prefix + "-trigger.drl"), """
                package nextbest;
                import io.nextbest.facts.*;

                rule "%s"
                    agenda-group "triggers"
                when
                    Event( type == "%s", current )
                then
                    insert(%s);
                end
                """.formatted(ruleName, eventType, candidate));
        return copy;
    }

    private static void copySamplesTo(Path folder) throws IOException {
        Path source = Path.of("rules");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path target = folder.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
