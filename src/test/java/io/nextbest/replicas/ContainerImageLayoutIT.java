package io.nextbest.replicas;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItems;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nextbest.rules.RuleFiles;
import io.nextbest.support.TestApiKeys;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No Docker engine runs here, so the image is checked by its recipe: the files docker/Dockerfile copies
 * are laid out as it lays them out, and the service starts from that layout with the image's
 * environment and entry point, in the production profile, reading the rules from the image's rules
 * folder and writing JSON logs that name the decision.
 */
class ContainerImageLayoutIT {
    private static final Pattern COPY = Pattern.compile("^COPY (?:--chown=\\S+ )?(\\S+) (\\S+)$");

    @Test
    void theServiceStartsFromTheLayoutTheDockerfileBuilds() throws Exception {
        List<String> dockerfile = Files.readAllLines(Path.of("docker/Dockerfile"));
        Path root = Files.createTempDirectory("image-root");
        int copies = 0;
        for (String line : dockerfile) {
            Matcher copy = COPY.matcher(line.trim());
            if (copy.matches()) {
                copyLikeDocker(copy.group(1), root.resolve(copy.group(2).substring(1)));
                copies++;
            }
        }
        assertThat(copies).isGreaterThanOrEqualTo(5);
        Path workdir = root.resolve(value(dockerfile, "WORKDIR (\\S+)").substring(1));
        String rulesDir = value(dockerfile, "NEXTBEST_RULES_DIR=(\\S+)");
        List<String> javaOptions = Arrays.asList(value(dockerfile, "JAVA_OPTS=\"([^\"]+)\"").split(" "));
        String entryJar = value(dockerfile, "-jar (\\S+?)\"\\]");

        // Production profile, as in the image; the test database, a test admin key, and a Redis that does
        // not answer, so the decision below logs a warning.
        Map<String, String> environment = Map.of(
                "NEXTBEST_RULES_DIR", root.resolve(rulesDir.substring(1)).toString(),
                "PGDATABASE", System.getenv().getOrDefault("PGDATABASE", "test"),
                "PGUSER", System.getenv().getOrDefault("PGUSER", "postgres"),
                "NEXTBEST_SECURITY_API_KEYS", "image-test:admin:" + HexFormat.of().formatHex(
                        MessageDigest.getInstance("SHA-256").digest(TestApiKeys.ADMIN_KEY.getBytes(StandardCharsets.UTF_8))));
        try (AppInstance image = AppInstance.start(18187, root.resolve(entryJar.substring(1)), workdir, environment,
                javaOptions, "-Dquarkus.profile=prod", "-Dquarkus.redis.hosts=redis://127.0.0.1:1",
                // A cold replica's first decision, its customer read from the database and Redis refusing, can take
                // longer than production's deadline on a busy machine: the layout is what is checked here.
                "-Dnextbest.decisions.deadline=30s")) {
            String[] drlFiles = RuleFiles.read(Path.of("rules")).keySet().stream()
                    .filter(name -> name.endsWith(".drl")).toArray(String[]::new);
            assertThat(drlFiles).isNotEmpty();
            given().port(image.port).get("/v1/rules").then().statusCode(200)
                    .body("files", hasItems(drlFiles));

            String decisionId = given().port(image.port).contentType(ContentType.JSON)
                    .body(Map.of("customerId", "image-" + UUID.randomUUID(), "events", List.of(Map.of("type", "signed_up"))))
                    .post("/v1/decisions").then().statusCode(200).extract().path("decisionId");
            ObjectMapper json = new ObjectMapper();
            List<JsonNode> lines = new ArrayList<>();
            for (String line : Files.readAllLines(image.log)) {
                if (line.startsWith("{")) {
                    lines.add(json.readTree(line));
                }
            }
            assertThat(lines).as("JSON log lines").isNotEmpty();
            assertThat(lines).anySatisfy(line -> {
                assertThat(line.path("level").asText()).isEqualTo("WARN");
                assertThat(line.path("mdc").path("decisionId").asText()).isEqualTo(decisionId);
            });
        }
    }

    /** COPY src dest: a directory's contents into dest, a glob's matches into the dest directory. */
    private static void copyLikeDocker(String source, Path destination) throws IOException {
        Path src = Path.of(source);
        if (source.contains("*")) {
            Files.createDirectories(destination);
            try (DirectoryStream<Path> matches = Files.newDirectoryStream(src.getParent(), src.getFileName().toString())) {
                List<Path> found = new ArrayList<>();
                matches.forEach(found::add);
                assertThat(found).as("files matching " + source).isNotEmpty();
                for (Path match : found) {
                    Files.copy(match, destination.resolve(match.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return;
        }
        assertThat(src).as("COPY source " + source).exists();
        try (Stream<Path> files = Files.walk(src)) {
            for (Path file : files.toList()) {
                Path target = destination.resolve(src.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static String value(List<String> dockerfile, String regex) {
        Pattern pattern = Pattern.compile(regex);
        return dockerfile.stream().map(pattern::matcher).filter(Matcher::find).map(m -> m.group(1)).findFirst()
                .orElseThrow(() -> new AssertionError("docker/Dockerfile has no " + regex));
    }
}
