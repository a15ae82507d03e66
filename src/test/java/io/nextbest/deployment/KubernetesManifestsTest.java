package io.nextbest.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.nextbest.rules.RuleFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Kubernetes manifests, rendered by kustomize as an operator would, checked against each other and
 * against the application: probes on the paths the service serves, its port, the rules folder it reads,
 * every rule file in the ConfigMap, every secret it reads in the Secret, the Service, autoscaler and
 * disruption budget pointing at the Deployment, and a grace period longer than the service's shutdown.
 */
class KubernetesManifestsTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @ParameterizedTest
    @ValueSource(strings = {"k8s/base", "k8s/overlays/example"})
    void theRenderedManifestsAreConsistentWithEachOtherAndWithTheApplication(String kustomization) throws Exception {
        Map<String, JsonNode> objects = render(kustomization);
        assertThat(objects.keySet()).contains("Deployment/nextbest", "Service/nextbest", "ConfigMap/nextbest-rules",
                "Secret/nextbest-secrets", "HorizontalPodAutoscaler/nextbest", "PodDisruptionBudget/nextbest");
        objects.values().forEach(object -> assertThat(object.path("apiVersion").asText()).isNotEmpty());

        JsonNode deployment = objects.get("Deployment/nextbest");
        JsonNode pod = deployment.path("spec").path("template");
        JsonNode container = pod.path("spec").path("containers").get(0);
        Map<String, String> env = env(container);
        Properties application = applicationProperties();

        int replicas = deployment.path("spec").path("replicas").asInt();
        assertThat(replicas).isGreaterThanOrEqualTo(2);
        assertThat(labels(pod.path("metadata").path("labels"))).containsAllEntriesOf(labels(deployment.path("spec").path("selector").path("matchLabels")));

        // The port the service listens on: quarkus.http.port=${PORT:8080}.
        int containerPort = port(container, "http");
        assertThat(application.getProperty("quarkus.http.port")).isEqualTo("${PORT:8080}");
        assertThat(env.getOrDefault("PORT", "8080")).isEqualTo(String.valueOf(containerPort));

        // Probes on the health paths the service serves (see HealthAndMetricsTest), on its named port.
        assertThat(probe(container, "readinessProbe")).isEqualTo("/q/health/ready");
        assertThat(probe(container, "livenessProbe")).isEqualTo("/q/health/live");
        assertThat(probe(container, "startupProbe")).isEqualTo("/q/health/started");
        for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
            assertThat(container.path(probe).path("httpGet").path("port").asText()).isEqualTo("http");
        }

        // Resources, and a grace period that outlasts the preStop pause plus the service's own shutdown:
        // requests drained, then the event and record writers' waits for a database that may be away.
        for (String field : List.of("requests/cpu", "requests/memory", "limits/memory")) {
            assertThat(container.path("resources").at("/" + field).asText()).as(field).isNotEmpty();
        }
        long shutdown = Duration.parse("PT" + application.getProperty("quarkus.shutdown.timeout").toUpperCase()).toSeconds();
        long writers = 2 * Duration.parse("PT" + application.getProperty("nextbest.database.shutdown-wait").toUpperCase()).toSeconds();
        long preStop = container.path("lifecycle").path("preStop").path("sleep").path("seconds").asLong();
        assertThat(pod.path("spec").path("terminationGracePeriodSeconds").asLong()).isGreaterThan(shutdown + writers + preStop);

        // The rules: mounted where the service reads them, from the ConfigMap, every rule file at its path.
        String rulesDir = env.get("NEXTBEST_RULES_DIR");
        assertThat(rulesDir).isEqualTo(dockerfileEnv("NEXTBEST_RULES_DIR"));
        JsonNode mount = find(container.path("volumeMounts"), "mountPath", rulesDir);
        assertThat(mount.has("subPath")).as("a subPath mount never sees ConfigMap updates").isFalse();
        JsonNode volume = find(pod.path("spec").path("volumes"), "name", mount.path("name").asText());
        JsonNode configMap = objects.get("ConfigMap/" + volume.path("configMap").path("name").asText());
        assertThat(configMap).as("the rules ConfigMap").isNotNull();
        Set<String> keys = new HashSet<>();
        configMap.path("data").fieldNames().forEachRemaining(keys::add);
        configMap.path("binaryData").fieldNames().forEachRemaining(keys::add);
        Map<String, String> projected = new HashMap<>();
        for (JsonNode item : volume.path("configMap").path("items")) {
            assertThat(keys).contains(item.path("key").asText());
            projected.put(item.path("path").asText(), item.path("key").asText());
        }
        assertThat(projected.keySet()).containsExactlyInAnyOrderElementsOf(ruleFiles());

        // Every secret the container reads exists in the Secret.
        JsonNode secret = objects.get("Secret/nextbest-secrets");
        for (JsonNode variable : container.path("env")) {
            JsonNode ref = variable.path("valueFrom").path("secretKeyRef");
            if (!ref.isMissingNode()) {
                assertThat(ref.path("name").asText()).isEqualTo("nextbest-secrets");
                assertThat(secret.path("stringData").has(ref.path("key").asText()) || secret.path("data").has(ref.path("key").asText()))
                        .as("secret key " + ref.path("key").asText()).isTrue();
            }
        }
        assertThat(env).containsKeys("PGHOST", "PGUSER", "PGPASSWORD", "REDIS_HOST", "NEXTBEST_SECURITY_API_KEYS");

        // The service's Redis keeps contacts in an append-only file on a volume and never evicts them.
        JsonNode redisService = objects.get("Service/" + env.get("REDIS_HOST"));
        assertThat(redisService).as("the Service REDIS_HOST names").isNotNull();
        assertThat(redisService.path("spec").path("ports").get(0).path("port").asText()).isEqualTo(env.get("REDIS_PORT"));
        JsonNode redis = objects.get("StatefulSet/" + env.get("REDIS_HOST"));
        assertThat(redis).as("the Redis behind it").isNotNull();
        JsonNode redisPod = redis.path("spec").path("template");
        assertThat(labels(redisPod.path("metadata").path("labels"))).containsAllEntriesOf(labels(redisService.path("spec").path("selector")));
        assertThat(labels(redisPod.path("metadata").path("labels"))).as("no nextbest Service or budget selects Redis")
                .doesNotContainEntry("app.kubernetes.io/name", "nextbest");
        JsonNode redisContainer = redisPod.path("spec").path("containers").get(0);
        JsonNode configMount = find(redisContainer.path("volumeMounts"), "mountPath", "/etc/redis");
        String configMapName = find(redisPod.path("spec").path("volumes"), "name", configMount.path("name").asText())
                .path("configMap").path("name").asText();
        assertThat(redisContainer.path("command").toString()).contains("redis-server /etc/redis/redis.conf");
        assertThat(redisConf(objects.get("ConfigMap/" + configMapName).path("data").path("redis.conf").asText()))
                .containsEntry("appendonly", "yes").containsEntry("appendfsync", "everysec")
                .containsEntry("maxmemory-policy", "noeviction").containsEntry("dir", "/data");
        JsonNode dataMount = find(redisContainer.path("volumeMounts"), "mountPath", "/data");
        assertThat(named(redis.path("spec").path("volumeClaimTemplates"), dataMount.path("name").asText()))
                .as("the data on a persistent volume claim").isNotNull();

        // Runs as the image's non-root user.
        assertThat(pod.path("spec").path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.path("spec").path("securityContext").path("runAsUser").asText()).isEqualTo(dockerfileUser());

        // The Service, the autoscaler and the disruption budget find the Deployment's pods.
        JsonNode service = objects.get("Service/nextbest");
        assertThat(labels(pod.path("metadata").path("labels"))).containsAllEntriesOf(labels(service.path("spec").path("selector")));
        assertThat(service.path("spec").path("ports").get(0).path("targetPort").asText()).isEqualTo("http");
        JsonNode hpa = objects.get("HorizontalPodAutoscaler/nextbest");
        assertThat(hpa.path("spec").path("scaleTargetRef").path("kind").asText()).isEqualTo("Deployment");
        assertThat(hpa.path("spec").path("scaleTargetRef").path("name").asText()).isEqualTo("nextbest");
        assertThat(hpa.path("spec").path("minReplicas").asInt()).isGreaterThanOrEqualTo(2);
        JsonNode pdb = objects.get("PodDisruptionBudget/nextbest");
        assertThat(labels(pod.path("metadata").path("labels"))).containsAllEntriesOf(labels(pdb.path("spec").path("selector").path("matchLabels")));
        assertThat(pdb.path("spec").path("minAvailable").asInt()).isLessThan(replicas);
    }

    /** {@code kubectl kustomize}, as an operator renders it; objects by kind/name. */
    private static Map<String, JsonNode> render(String kustomization) throws IOException, InterruptedException {
        boolean kubectl = Stream.of(System.getenv("PATH").split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, "kubectl")));
        if (!kubectl && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI must have kubectl to render the Kubernetes manifests");
        }
        Assumptions.assumeTrue(kubectl, "Install kubectl to render and check the Kubernetes manifests");
        Process process = new ProcessBuilder("kubectl", "kustomize", "--load-restrictor", "LoadRestrictionsNone", kustomization)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        Map<String, JsonNode> objects = new HashMap<>();
        try (var documents = YAML.readerFor(JsonNode.class).readValues(output)) {
            while (documents.hasNext()) {
                JsonNode object = (JsonNode) documents.next();
                objects.put(object.path("kind").asText() + "/" + object.path("metadata").path("name").asText(), object);
            }
        }
        return objects;
    }

    /** The rule files the service reads, as paths relative to the rules folder. */
    private static List<String> ruleFiles() {
        return new ArrayList<>(RuleFiles.read(Path.of("rules")).keySet());
    }

    private static Map<String, String> env(JsonNode container) {
        Map<String, String> env = new HashMap<>();
        container.path("env").forEach(variable -> env.put(variable.path("name").asText(),
                variable.has("value") ? variable.path("value").asText() : "(from " + variable.path("valueFrom").fieldNames().next() + ")"));
        return env;
    }

    private static int port(JsonNode container, String name) {
        return find(container.path("ports"), "name", name).path("containerPort").asInt();
    }

    private static String probe(JsonNode container, String probe) {
        return container.path(probe).path("httpGet").path("path").asText();
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode element : array) {
            if (value.equals(element.path(field).asText())) {
                return element;
            }
        }
        throw new AssertionError("No element with " + field + " = " + value + " in " + array);
    }

    /** The settings of a redis.conf, by name. */
    private static Map<String, String> redisConf(String conf) {
        Map<String, String> settings = new HashMap<>();
        for (String line : conf.split("\n")) {
            String[] parts = line.trim().split("\\s+", 2);
            if (parts.length == 2 && !parts[0].startsWith("#")) {
                settings.put(parts[0], parts[1]);
            }
        }
        return settings;
    }

    /** The object in {@code array} whose metadata names it {@code name}. */
    private static JsonNode named(JsonNode array, String name) {
        for (JsonNode element : array) {
            if (name.equals(element.path("metadata").path("name").asText())) {
                return element;
            }
        }
        throw new AssertionError("No element named " + name + " in " + array);
    }

    private static Map<String, String> labels(JsonNode node) {
        Map<String, String> labels = new HashMap<>();
        node.fields().forEachRemaining(entry -> labels.put(entry.getKey(), entry.getValue().asText()));
        return labels;
    }

    private static Properties applicationProperties() throws IOException {
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            properties.load(in);
        }
        return properties;
    }

    private static String dockerfileEnv(String name) throws IOException {
        String dockerfile = Files.readString(Path.of("docker/Dockerfile"));
        var matcher = java.util.regex.Pattern.compile(name + "=(\\S+)").matcher(dockerfile);
        assertThat(matcher.find()).as("ENV " + name + " in docker/Dockerfile").isTrue();
        return matcher.group(1);
    }

    private static String dockerfileUser() throws IOException {
        return Files.readAllLines(Path.of("docker/Dockerfile")).stream().filter(line -> line.startsWith("USER "))
                .map(line -> line.substring(5).trim()).findFirst().orElseThrow();
    }
}
