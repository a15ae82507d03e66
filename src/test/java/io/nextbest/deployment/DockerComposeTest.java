package io.nextbest.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The compose file starts what the README says, wired the way the service reads its configuration. */
class DockerComposeTest {
    @Test
    void theComposeFileWiresTheServiceToItsDatabasePersistentRedisRulesAndTheDocumentedKey() throws Exception {
        JsonNode compose = new ObjectMapper(new YAMLFactory()).readTree(Path.of("docker/compose.yaml").toFile());
        JsonNode services = compose.path("services");
        assertThat(services.has("postgresql")).isTrue();
        assertThat(services.has("redis")).isTrue();
        JsonNode nextbest = services.path("nextbest");

        assertThat(nextbest.path("build").path("dockerfile").asText()).isEqualTo("docker/Dockerfile");
        JsonNode env = nextbest.path("environment");
        assertThat(env.path("PGHOST").asText()).isEqualTo("postgresql");
        assertThat(env.path("REDIS_HOST").asText()).isEqualTo("redis");
        assertThat(env.path("PGPASSWORD").asText())
                .isEqualTo(services.path("postgresql").path("environment").path("POSTGRES_PASSWORD").asText());
        assertThat(redisSettings(services.path("redis").path("command")))
                .as("Redis keeps contacts in an append-only file on a volume and never evicts them")
                .containsEntry("appendonly", "yes").containsEntry("appendfsync", "everysec")
                .containsEntry("maxmemory-policy", "noeviction");
        String dataVolume = services.path("redis").path("volumes").get(0).asText();
        assertThat(dataVolume).endsWith(":/data");
        assertThat(compose.path("volumes").has(dataVolume.substring(0, dataVolume.indexOf(':')))).isTrue();

        // The rules folder is mounted where the image reads it; the README's key matches the configured hash.
        String rulesDir = dockerfileEnv("NEXTBEST_RULES_DIR");
        assertThat(nextbest.path("volumes").get(0).asText()).isEqualTo("../rules:" + rulesDir + ":ro");
        String keys = env.path("NEXTBEST_SECURITY_API_KEYS").asText();
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest("local-admin-key".getBytes(StandardCharsets.UTF_8)));
        assertThat(keys).isEqualTo("local:admin:" + hash);
        assertThat(Files.readString(Path.of("README.md"))).contains("X-API-Key: local-admin-key");
    }

    /** The {@code --name value} pairs of a redis-server command line. */
    private static Map<String, String> redisSettings(JsonNode command) {
        Map<String, String> settings = new HashMap<>();
        for (int i = 0; i + 1 < command.size(); i++) {
            if (command.get(i).asText().startsWith("--")) {
                settings.put(command.get(i).asText().substring(2), command.get(i + 1).asText());
            }
        }
        return settings;
    }

    private static String dockerfileEnv(String name) throws Exception {
        Matcher matcher = Pattern.compile(name + "=(\\S+)").matcher(Files.readString(Path.of("docker/Dockerfile")));
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }
}
