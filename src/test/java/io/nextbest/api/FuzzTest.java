package io.nextbest.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.nextbest.support.TestApiKeys;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bad input, thousands of times over: malformed, truncated, oversized, deeply nested, wrongly typed and
 * hostile bodies and parameters for every endpoint that takes any. The service never answers 5xx, every
 * refusal is problem+json that names the wrong field, and what is stored is exactly as before. Hostile
 * strings (SQL, DRL, path traversal, JNDI lookups) inside otherwise valid requests are stored and echoed
 * as sent, and change nothing else.
 *
 * <p>Deterministic: every body comes from {@link #SEED}; a failure prints the seed and the bodies that failed.
 */
@QuarkusTest
class FuzzTest {
    /** Every generated body comes from this seed: the same seed sends the same requests again. */
    static final long SEED = 20261123L;
    /** Generated bodies per endpoint, on top of one per wrong value of every field. */
    private static final int RANDOM_BODIES_PER_ENDPOINT = 200;
    private static final int RANDOM_PARAMETER_CALLS = 600;
    /** quarkus.http.limits.max-body-size. */
    private static final int MAX_BODY = 256 * 1024;
    /** Requests of the API that take neither a body nor a parameter: nothing to fuzz. */
    private static final Set<String> NO_INPUT = Set.of("GET /v1/rules", "POST /v1/rules/reload", "GET /v1/rules/history",
            "GET /v1/rules/coverage", "GET /v1/clock", "DELETE /v1/clock", "GET /v1/rules/canary",
            "POST /v1/rules/canary/promote", "POST /v1/rules/canary/abandon");
    /** The customer whose profile the merge patches try to break. */
    private static final String FIXTURE = "fz-fixture";
    private static final String AT = "2026-11-23T10:15:00+01:00";
    private static final String MERGE_PATCH = "application/merge-patch+json";
    private static final String JSON = "application/json";

    /** Strings that mean something to a database, the rule engine, a shell, a logger or a browser. */
    static final List<String> HOSTILE = List.of(
            "'; drop table customer_event; --",
            "' OR '1'='1",
            "rule \"x\" when then end",
            "eval(true)",
            "System.exit(0)",
            "../../etc/passwd",
            "${jndi:ldap://127.0.0.1/x}",
            "<script>alert(1)</script>",
            "%s%n%x%d {0} {{7*7}} #{7*7}",
            "\u0001\u001b[31m\u007f\t\r\n",
            "\ud83d\ude00 \u202eevil\u202c ok",
            "\\\"'`");

    @TestHTTPResource("/")
    URI base;

    @Inject
    AgroalDataSource database;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final List<String> failures = new ArrayList<>();
    private int calls;

    @BeforeEach
    void aCustomerToPatch() throws Exception {
        Answer created = send(new Call("fixture", "PUT", "/v1/customers/" + FIXTURE, JSON, Json.bytes(validProfile()),
                Expect.ANY, null));
        assertThat(created.status()).as("the fixture customer").isIn(200, 201);
    }

    @Test
    void everyEndpointThatTakesInputIsFuzzed() throws Exception {
        JsonNode paths = json.readTree(send(new Call("openapi", "GET", "/q/openapi?format=json", null, null, Expect.ANY,
                null)).body()).path("paths");
        Set<String> endpoints = new TreeSet<>();
        paths.fieldNames().forEachRemaining(path -> paths.get(path).fieldNames().forEachRemaining(method -> {
            if (path.startsWith("/v1/") && Set.of("get", "post", "put", "patch", "delete").contains(method)) {
                endpoints.add(method.toUpperCase() + " " + path);
            }
        }));
        Set<String> covered = new TreeSet<>(NO_INPUT);
        bodyEndpoints().forEach(endpoint -> covered.add(endpoint.method() + " " + endpoint.template()));
        parameterEndpoints().forEach(endpoint -> covered.add(endpoint.method() + " " + endpoint.template()));

        assertThat(covered).as("endpoints fuzzed or without input").isEqualTo(endpoints);
    }

    @Test
    void badBodiesAreRefusedWithAProblemAndChangeNothing() throws Exception {
        Random random = new Random(SEED);
        List<Call> bodies = new ArrayList<>();
        for (BodyEndpoint endpoint : bodyEndpoints()) {
            bodies.addAll(endpoint.wrongBodies(random));
        }
        bodies.addAll(oversizedBodies());

        Stored before = settledStore();
        String version = activeRulesetVersion();
        String clock = clockOffset();
        long started = System.nanoTime();
        bodies.forEach(this::sendAndCheck);
        System.out.printf("FuzzTest: %d bad bodies in %d ms (seed %d)%n", bodies.size(),
                (System.nanoTime() - started) / 1_000_000, SEED);

        assertNoFailures();
        assertThat(bodies.size()).isGreaterThan(3000);
        before.assertUnchangedIn(settledStore());
        assertThat(activeRulesetVersion()).as("active ruleset").isEqualTo(version);
        assertThat(clockOffset()).as("the service's clock").isEqualTo(clock);
    }

    @Test
    void badPathAndQueryParametersAreRefusedWithAProblemAndChangeNothing() throws Exception {
        Random random = new Random(SEED + 1);
        List<Call> parameterCalls = new ArrayList<>();
        for (ParameterEndpoint endpoint : parameterEndpoints()) {
            parameterCalls.addAll(endpoint.everyWrongValue());
        }
        for (int i = 0; i < RANDOM_PARAMETER_CALLS; i++) {
            List<ParameterEndpoint> endpoints = parameterEndpoints();
            parameterCalls.add(endpoints.get(random.nextInt(endpoints.size())).randomCall(random));
        }
        parameterCalls.addAll(badApiKeys());

        Stored before = settledStore();
        String version = activeRulesetVersion();
        long started = System.nanoTime();
        parameterCalls.forEach(this::sendAndCheck);
        rawRequests().forEach(this::sendRawAndCheck);
        System.out.printf("FuzzTest: %d bad parameters in %d ms (seed %d)%n", parameterCalls.size(),
                (System.nanoTime() - started) / 1_000_000, SEED);

        assertNoFailures();
        assertThat(parameterCalls.size()).isGreaterThan(700);
        before.assertUnchangedIn(settledStore());
        assertThat(activeRulesetVersion()).as("active ruleset").isEqualTo(version);
    }

    @Test
    void hostileStringsInValidRequestsAreStoredAsSentAndChangeNothingElse() throws Exception {
        Stored before = settledStore();
        String version = activeRulesetVersion();
        List<String> customers = new ArrayList<>(HOSTILE);
        customers.add("fz-" + "\u00e9".repeat(60) + "-" + "x".repeat(64));  // 128 characters: the longest id allowed

        List<String> decisions = new ArrayList<>();
        for (int i = 0; i < customers.size(); i++) {
            String id = customers.get(i);
            String hostile = HOSTILE.get(i % HOSTILE.size());
            String path = "/v1/customers/" + Paths.encode(id);
            Map<String, Object> profile = obj("timezone", "Europe/Paris", "journeyStage", prefix(hostile, 64),
                    "consents", obj("email", false), "scores", obj(hostile, 0.5), "attributes", obj(hostile, hostile,
                            "list", list(hostile, obj("nested", hostile))));

            JsonNode created = expectOk(new Call("hostile profile", "PUT", path, JSON, Json.bytes(profile), Expect.ANY, null), 201);
            JsonNode read = expectOk(new Call("hostile profile read", "GET", path, null, null, Expect.ANY, null), 200);
            for (JsonNode echoed : List.of(created, read)) {
                assertThat(echoed.path("id").asText()).as("id of %s", id).isEqualTo(id);
                assertThat(echoed.path("journeyStage").asText()).isEqualTo(prefix(hostile, 64));
                assertThat(json.convertValue(echoed.path("attributes"), Map.class)).isEqualTo(profile.get("attributes"));
                assertThat(echoed.path("scores").path(hostile).asDouble()).isEqualTo(0.5);
            }

            Map<String, Object> decision = obj("customerId", id, "channel", "web", "at", AT,
                    "events", list(obj("id", prefix("fz-" + i + "-" + hostile, 128), "type", "page_viewed",
                            "attributes", obj("page", hostile, hostile, hostile))),
                    "context", obj("query", hostile));
            JsonNode decided = expectOk(new Call("hostile decision", "POST", "/v1/decisions", JSON, Json.bytes(decision),
                    Expect.ANY, null), 200);
            assertThat(decided.path("customerId").asText()).isEqualTo(id);
            decisions.add(decided.path("decisionId").asText());

            JsonNode ingested = expectOk(new Call("hostile event", "POST", "/v1/events", JSON, Json.bytes(obj("events", list(
                    obj("id", prefix("fz-batch-" + i + "-" + hostile, 128), "customerId", id, "type", "page_viewed",
                            "attributes", obj(hostile, hostile))))), Expect.ANY, null), 200);
            assertThat(ingested.path("accepted").asInt()).as("events of %s", id).isEqualTo(1);

            String alias = prefix("fz-alias-" + i + "-" + hostile, 128);
            JsonNode linked = expectOk(new Call("hostile alias", "POST", path + "/aliases", JSON,
                    Json.bytes(obj("alias", alias)), Expect.ANY, null), 201);
            assertThat(linked.path("alias").asText()).isEqualTo(alias);
            assertThat(linked.path("customerId").asText()).isEqualTo(id);

            expectOk(new Call("hostile journeys", "GET", path + "/journeys", null, null, Expect.ANY, null), 200);
            expectOk(new Call("hostile conversion event", "GET", "/v1/stats?conversionEvent=" + Paths.encode(hostile),
                    null, null, Expect.ANY, null), 200);
        }
        for (int i = 0; i < decisions.size(); i++) {
            JsonNode recorded = awaitRecorded(decisions.get(i));
            assertThat(recorded.path("customerId").asText()).isEqualTo(customers.get(i));
            assertThat(recorded.path("request").path("context").path("query").asText())
                    .isEqualTo(HOSTILE.get(i % HOSTILE.size()));
        }

        assertThat(store().tables()).as("no table dropped or added").isEqualTo(before.tables());
        for (String id : customers) {
            // Looked up by the id as sent, bound as a parameter: stored exactly as sent, not as SQL.
            assertThat(rowsOf("customer_profile", "id", id)).as("profile of %s", id).isEqualTo(1);
            assertThat(rowsOf("customer_event", "customer_id", id)).as("events of %s", id).isEqualTo(2);
            assertThat(rowsOf("customer_alias", "customer_id", id)).as("alias of %s", id).isEqualTo(1);
            assertThat(rowsOf("decision_record", "customer_id", id)).as("decision of %s", id).isEqualTo(1);
        }
        assertThat(activeRulesetVersion()).isEqualTo(version);

        for (String id : customers) {
            Answer erased = send(new Call("erase hostile customer", "DELETE", "/v1/customers/" + Paths.encode(id), null,
                    null, Expect.ANY, null));
            assertThat(erased.status()).as("erasing %s", id).isEqualTo(204);
        }
        // Erased again, everything is as it was: nothing but what these requests stored had changed.
        before.assertUnchangedIn(settledStore());
        assertNoFailures();
    }

    @Test
    void hostileRuleFilesAreRejectedAndLeaveTheActiveRulesetAlone() throws Exception {
        Stored before = settledStore();
        String version = activeRulesetVersion();
        List<String> hostileRules = List.of(
                "rule \"x\" when then end",
                "package nextbest;\nrule \"exit\" when eval(true) then System.exit(0); end",
                "'; drop table ruleset_release; --\n${jndi:ldap://127.0.0.1/x}");

        for (String rule : hostileRules) {
            Map<String, Object> files = obj("files", list(obj("name", "fuzz/drop table ruleset_release.drl",
                    "content", rule)), "replaceFolder", true);
            JsonNode report = expectOk(new Call("hostile rule validation", "POST", "/v1/rules/validate", JSON,
                    Json.bytes(files), Expect.ANY, null), 200);
            assertThat(report.path("valid").asBoolean()).as("valid: %s", rule).isFalse();
            assertThat(report.path("problems").size()).as("problems of %s", rule).isPositive();

            Answer activated = send(new Call("hostile rule activation", "POST", "/v1/rules/activate", JSON,
                    Json.bytes(files), Expect.REFUSED, null));
            check(activated.call(), activated);
            assertThat(activated.status()).as("activating %s", rule).isEqualTo(422);
            assertThat(json.readTree(activated.body()).path("problems").size()).isPositive();
        }
        List<Object> hostileFile = list(obj("name", "fuzz/hostile.drl", "content", hostileRules.get(0)));
        for (Call candidate : List.of(
                new Call("hostile candidate simulated", "POST", "/v1/simulate", JSON, Json.bytes(obj("request",
                        validDecision(), "files", hostileFile, "replaceFolder", true)), Expect.REFUSED, null),
                new Call("hostile candidate replayed", "POST", "/v1/rules/replay", JSON, Json.bytes(obj("from",
                        "2026-11-01T00:00:00Z", "to", "2026-11-02T00:00:00Z", "files", hostileFile)), Expect.REFUSED, null))) {
            Answer refused = send(candidate);
            check(candidate, refused);
            assertThat(refused.status()).as(candidate.label()).isEqualTo(422);
        }
        sendAndCheck(new Call("hostile rollback", "POST", "/v1/rules/rollback", JSON,
                Json.bytes(obj("version", HOSTILE.get(0))), Expect.REFUSED, null));

        assertNoFailures();
        assertThat(activeRulesetVersion()).isEqualTo(version);
        // A rejected ruleset is remembered as a rejected build (so no replica compiles it again); nothing else changes.
        before.assertUnchangedIn(settledStore(), "ruleset_build");
    }

    // ---- Bodies -------------------------------------------------------------------------------------

    /** Every endpoint that reads a body, with a valid body to corrupt and every way each field can be wrong. */
    private static List<BodyEndpoint> bodyEndpoints() {
        List<BodyEndpoint> endpoints = new ArrayList<>();
        endpoints.add(new BodyEndpoint("POST", "/v1/decisions", "/v1/decisions", JSON, FuzzTest::validDecision,
                decisionMutations(""), false));
        endpoints.add(new BodyEndpoint("POST", "/v1/events", "/v1/events", JSON, FuzzTest::validBatch, batchMutations(),
                false));
        endpoints.add(new BodyEndpoint("POST", "/v1/simulate", "/v1/simulate", JSON,
                () -> obj("request", validDecision(), "files", list(validRuleFile()), "replaceFolder", false),
                simulateMutations(), false));
        endpoints.add(new BodyEndpoint("PUT", "/v1/customers/{id}", "/v1/customers/" + FIXTURE, JSON,
                FuzzTest::validProfile, profileMutations(), false));
        endpoints.add(new BodyEndpoint("PATCH", "/v1/customers/{id}", "/v1/customers/" + FIXTURE, MERGE_PATCH,
                FuzzTest::validProfile, profileMutations(), false));
        endpoints.add(new BodyEndpoint("POST", "/v1/customers/{id}/aliases", "/v1/customers/fz-nobody/aliases", JSON,
                () -> obj("alias", "fz-anonymous"), aliasMutations(), false));
        endpoints.add(new BodyEndpoint("POST", "/v1/decisions/{decisionId}/outcomes",
                "/v1/decisions/00000000-0000-0000-0000-00000000f022/outcomes", JSON,
                () -> obj("id", "fz-outcome", "type", "clicked", "actionId", "fz-action", "value", 1.5, "at", AT),
                outcomeMutations(), false));
        endpoints.add(new BodyEndpoint("POST", "/v1/rules/validate", "/v1/rules/validate", JSON,
                () -> obj("files", list(validRuleFile()), "replaceFolder", true), validateMutations(), true));
        endpoints.add(new BodyEndpoint("POST", "/v1/rules/replay", "/v1/rules/replay", JSON,
                () -> obj("from", "2026-11-01T00:00:00Z", "to", "2026-11-02T00:00:00Z", "files", list(validRuleFile()),
                        "replaceFolder", true, "maxDecisions", 10, "examples", 1), replayMutations(), false));
        endpoints.add(new BodyEndpoint("POST", "/v1/rules/activate", "/v1/rules/activate", JSON,
                () -> obj("files", list(validRuleFile()), "replaceFolder", true), activateMutations(), false));
        endpoints.add(new BodyEndpoint("POST", "/v1/rules/canary", "/v1/rules/canary", JSON,
                () -> obj("files", list(validRuleFile()), "replaceFolder", true, "percent", 10), canaryMutations(), false));
        endpoints.add(new BodyEndpoint("POST", "/v1/rules/rollback", "/v1/rules/rollback", JSON,
                () -> obj("version", "fz-no-such-version"), rollbackMutations(), false));
        endpoints.add(new BodyEndpoint("PUT", "/v1/clock", "/v1/clock", JSON, () -> obj("now", AT), clockMutations(), false));
        return endpoints;
    }

    private static Map<String, Object> validDecision() {
        return obj("customerId", "fz-decider", "channel", "web", "at", AT,
                "events", list(validEvent()), "context", obj("page", "home"), "limit", 1, "dryRun", true);
    }

    private static Map<String, Object> validEvent() {
        return obj("id", "fz-event", "type", "page_viewed", "occurredAt", "2026-11-23T10:00:00+01:00", "channel", "web",
                "attributes", obj("page", "pricing"));
    }

    private static Map<String, Object> validBatch() {
        return obj("events", list(validBatchEvent()));
    }

    private static Map<String, Object> validBatchEvent() {
        Map<String, Object> event = obj("id", "fz-batch-event", "customerId", "fz-batch-customer");
        validEvent().forEach(event::putIfAbsent);
        return event;
    }

    private static Map<String, Object> validProfile() {
        return obj("segment", "consumer", "timezone", "Europe/Paris", "quietHours", "21:00-08:00", "lifetimeValue", 10.5,
                "journeyStage", "trial", "globalOptOut", false, "consents", obj("email", true), "scores",
                obj("churnRisk", 0.5), "attributes", obj("plan", "pro"));
    }

    private static Map<String, Object> validRuleFile() {
        return obj("name", "fuzz/fz.drl", "content", "package nextbest;\n", "encoding", "text");
    }

    private static List<Mutation> decisionMutations(String at) {
        Mutations m = new Mutations();
        m.wrong(at, "customerId", Wrong.customerId());
        m.wrong(at, "channel", Wrong.name(false, 32));
        m.wrong(at, "at", Wrong.time(false));
        m.wrong(at, "events", Wrong.list(0, 100, FuzzTest::validEvent, true));
        eventMutations(m, join(at, "events[0]"), false);
        m.wrong(at, "context", Wrong.map(50));
        m.wrong(at, "limit", Wrong.integer(1, 10));
        m.wrong(at, "dryRun", Wrong.bool());
        m.unknownFields(at);
        return m.list();
    }

    private static void eventMutations(Mutations m, String at, boolean batch) {
        m.wrong(at, "id", Wrong.text(batch, 128));
        if (batch) {
            m.wrong(at, "customerId", Wrong.customerId());
        }
        m.wrong(at, "type", Wrong.name(true, 64));
        m.wrong(at, "occurredAt", Wrong.time(false));
        m.wrong(at, "channel", Wrong.name(false, 32));
        m.wrong(at, "attributes", Wrong.map(50));
        m.unknownFields(at);
    }

    private static List<Mutation> batchMutations() {
        Mutations m = new Mutations();
        // A null event is rejected on its own, with the batch's other events stored: no nulls here.
        m.wrong("", "events", Wrong.list(1, 1000, FuzzTest::validBatchEvent, false));
        eventMutations(m, "events[0]", true);
        m.unknownFields("");
        return m.list();
    }

    private static List<Mutation> simulateMutations() {
        Mutations m = new Mutations();
        m.wrong("", "request", Arrays.asList(Wrong.NULL, Wrong.ARRAY, "request", 5, obj()));
        decisionMutations("request").forEach(m::add);
        m.wrong("", "files", Wrong.list(0, 200, FuzzTest::validRuleFile, true));
        ruleFileMutations(m, "files[0]");
        m.wrong("", "replaceFolder", Wrong.bool());
        m.unknownFields("");
        return m.list();
    }

    private static List<Mutation> profileMutations() {
        Mutations m = new Mutations();
        m.wrong("", "segment", Wrong.name(false, 64));
        m.wrong("", "timezone", plus(Wrong.text(false, 64), "Mars/Olympus", "Europe/../../etc/passwd", "GMT+99",
                "UTC+25:00", "Europe/Paris\n"));
        m.wrong("", "quietHours", plus(Wrong.text(false, 11), "25:00-08:00", "21:00", "21:00-8:00", "21:60-08:00",
                "21:00-08:00-09:00", ""));
        m.wrong("", "lifetimeValue", Wrong.nonNegative());
        m.wrong("", "journeyStage", Wrong.text(false, 64));
        m.wrong("", "globalOptOut", Wrong.bool());
        m.wrong("", "consents", plus(Wrong.map(20), obj("1email", true), obj("e mail", true), obj("email", "maybe"),
                obj("email", obj()), obj("email", list())));
        m.wrong("", "scores", plus(Wrong.map(50), obj("churnRisk", "high"), obj("churnRisk", obj()),
                obj("churnRisk", new Raw("1e400")), obj("churnRisk", new Raw("-1e400")),
                obj("churnRisk", list(1)), obj("churnRisk", true)));
        m.wrong("", "attributes", Wrong.map(100));
        m.unknownFields("");
        return m.list();
    }

    private static List<Mutation> aliasMutations() {
        Mutations m = new Mutations();
        m.wrong("", "alias", plus(Wrong.customerId(), "fz-nobody"));  // the customer itself
        m.unknownFields("");
        return m.list();
    }

    private static List<Mutation> outcomeMutations() {
        Mutations m = new Mutations();
        m.wrong("", "id", Wrong.text(false, 128));
        m.wrong("", "type", Arrays.asList(Wrong.NULL, "", "purchase", "CLICKED", " clicked", "clicked; drop table customer_event",
                Wrong.OBJECT, Wrong.ARRAY, Wrong.NUL_TEXT));
        m.wrong("", "actionId", Wrong.text(false, 128));
        m.wrong("", "value", Wrong.nonNegative());
        m.wrong("", "at", Wrong.time(false));
        m.unknownFields("");
        return m.list();
    }

    private static void ruleFileMutations(Mutations m, String at) {
        m.wrong(at, "name", plus(Wrong.text(true, 200), "../../etc/passwd", "/etc/passwd", "fuzz/../../x.drl",
                "C:\\rules\\x.drl", "x;rm -rf x.drl", "fuzz/\u00e9.drl", "fuzz/x\n.drl"));
        m.wrong(at, "content", Arrays.asList(Wrong.NULL, Wrong.OBJECT, Wrong.ARRAY, Wrong.NUL_TEXT));
        m.wrong(at, "encoding", List.of("gzip", "TEXT", "", "base64 ", "utf-8", Wrong.OBJECT, Wrong.ARRAY));
        m.wrongObject(at, obj("name", "fuzz/fz.drl", "content", "!!! not base64 !!!", "encoding", "base64"), "content");
        m.unknownFields(at);
    }

    private static List<Mutation> validateMutations() {
        Mutations m = new Mutations();
        // No files (or none at all, an empty body) validates the rules folder itself: not a wrong value.
        m.wrong("", "files", Wrong.list(0, 200, FuzzTest::validRuleFile, true));
        ruleFileMutations(m, "files[0]");
        m.wrong("", "replaceFolder", Wrong.bool());
        m.unknownFields("");
        return m.list();
    }

    private static List<Mutation> replayMutations() {
        Mutations m = new Mutations();
        m.wrong("", "from", plus(Wrong.time(true), "2026-11-02T00:00:00Z", "2026-11-03T00:00:00Z"));  // not before "to"
        m.wrong("", "to", plus(Wrong.time(true), "2026-11-01T00:00:00Z", "2026-10-01T00:00:00+02:00"));
        m.wrong("", "files", Wrong.list(1, 200, FuzzTest::validRuleFile, true));
        ruleFileMutations(m, "files[0]");
        m.wrong("", "replaceFolder", Wrong.bool());
        m.wrong("", "maxDecisions", Wrong.integer(1, 100_000));
        m.wrong("", "examples", Wrong.integer(0, 100));
        m.unknownFields("");
        return m.list();
    }

    private static List<Mutation> activateMutations() {
        Mutations m = new Mutations();
        m.wrong("", "files", Wrong.list(1, 200, FuzzTest::validRuleFile, true));
        ruleFileMutations(m, "files[0]");
        m.wrong("", "replaceFolder", Wrong.bool());
        m.unknownFields("");
        return m.list();
    }

    private static List<Mutation> canaryMutations() {
        Mutations m = new Mutations();
        m.wrong("", "files", Wrong.list(1, 200, FuzzTest::validRuleFile, true));
        ruleFileMutations(m, "files[0]");
        m.wrong("", "replaceFolder", Wrong.bool());
        m.wrong("", "percent", Arrays.asList(Wrong.NULL, 0, -1, 0.001, 10.555, 100.01, 101, "10", new Raw("1e400"),
                new Raw("-1e400"), "NaN", Wrong.OBJECT, Wrong.ARRAY, true, HOSTILE.get(1)));
        m.unknownFields("");
        return m.list();
    }

    private static List<Mutation> rollbackMutations() {
        Mutations m = new Mutations();
        m.wrong("", "version", Arrays.asList(Wrong.NULL, "", " \t ", Wrong.OBJECT, Wrong.ARRAY, Wrong.NUL_TEXT, Wrong.LONE_SURROGATE));
        m.unknownFields("");
        return m.list();
    }

    private static List<Mutation> clockMutations() {
        Mutations m = new Mutations();
        m.wrong("", "now", Wrong.time(true));
        m.unknownFields("");
        return m.list();
    }

    /** Over the limit: by Content-Length (just over it, 1 MB, 5 MB), and sent in chunks. */
    private List<Call> oversizedBodies() {
        List<Call> calls = new ArrayList<>();
        for (BodyEndpoint endpoint : bodyEndpoints()) {
            calls.add(endpoint.call("a string of the whole limit", Json.bytes(endpoint.withField("fz-blob", "x".repeat(MAX_BODY))),
                    endpoint.contentType(), null));
        }
        for (int size : new int[] {1 << 20, 5 << 20}) {
            byte[] body = ("{\"customerId\": \"" + "x".repeat(size) + "\"}").getBytes(StandardCharsets.UTF_8);
            calls.add(new Call(size + " bytes", "POST", "/v1/decisions", JSON, body, Expect.REFUSED, null));
            calls.add(new Call(size + " bytes", "POST", "/v1/rules/activate", JSON, body, Expect.REFUSED, null));
        }
        byte[] chunked = ("{\"events\": [" + "{\"id\": \"x\"},".repeat(MAX_BODY / 12) + "{}]}").getBytes(StandardCharsets.UTF_8);
        calls.add(new Call("chunked, over the limit", "POST", "/v1/events", JSON, chunked, Expect.REFUSED, null).chunked());
        return calls;
    }

    // ---- Parameters ---------------------------------------------------------------------------------

    /** Every endpoint with path or query parameters, and the values each takes (any others are wrong). */
    private static List<ParameterEndpoint> parameterEndpoints() {
        return List.of(
                new ParameterEndpoint("GET", "/v1/stats", Map.of("from", Kind.TIME, "to", Kind.TIME, "ruleset", Kind.TEXT,
                        "conversionEvent", Kind.TEXT, "windowDays", Kind.WINDOW_DAYS), null),
                new ParameterEndpoint("GET", "/v1/rules/stats", Map.of("from", Kind.TIME, "to", Kind.TIME), null),
                new ParameterEndpoint("GET", "/v1/journeys", Map.of("status", Kind.JOURNEY_STATUS, "dueBefore", Kind.TIME), null),
                new ParameterEndpoint("GET", "/v1/deliveries", Map.of("status", Kind.DELIVERY_STATUS), null),
                new ParameterEndpoint("POST", "/v1/deliveries/{id}/retry", Map.of(), null),
                new ParameterEndpoint("GET", "/v1/customers/{id}", Map.of(), null),
                new ParameterEndpoint("DELETE", "/v1/customers/{id}", Map.of(), null),
                new ParameterEndpoint("GET", "/v1/customers/{id}/journeys", Map.of(), null),
                new ParameterEndpoint("GET", "/v1/decisions/{decisionId}", Map.of(), null),
                // With valid bodies: an id that is not stored is refused (404) without changing anything.
                new ParameterEndpoint("PATCH", "/v1/customers/{id}", Map.of(), obj("segment", "vip")),
                new ParameterEndpoint("POST", "/v1/customers/{id}/aliases", Map.of(), obj("alias", "fz-anonymous")),
                // An outcome for a decision not (yet) recorded waits a second for it: a wrong body answers at once.
                new ParameterEndpoint("POST", "/v1/decisions/{decisionId}/outcomes", Map.of(), obj("type", "loved")),
                // A valid profile for an id that is too long, not text, or another customer's: only the id is wrong.
                new ParameterEndpoint("PUT", "/v1/customers/{id}", Map.of(), validProfile()));
    }

    /** What a parameter takes: each kind has values that are certainly wrong and values that may be right. */
    enum Kind {
        TIME, TEXT, WINDOW_DAYS, JOURNEY_STATUS, DELIVERY_STATUS, ID;

        List<String> wrong() {
            return switch (this) {
                case TIME -> List.of("yesterday", "2026-13-01T00:00:00Z", "2026-11-23", "2026-11-23T10:15:00",
                        "2026-11-23T10:15:00+25:00", "+99999-01-01T00:00:00Z", "-999999999-01-01T00:00:00+18:00",
                        "+999999999-12-31T23:59:59-18:00", "0000-12-31T23:59:59Z", " ", "\u0000", "1e400", "null",
                        HOSTILE.get(0), "x".repeat(3000), "1700000000", "-1", "2026", "2026-11-23T10:15:00+0100",
                        "2026-11-23T10:15:00+01:00:30");
                case TEXT -> List.of("\u0000", "a\u0000b");
                case WINDOW_DAYS -> List.of("0", "91", "-1", "abc", " ", "7.5", "1e3", "99999999999", "-99999999999", "\u0000",
                        "0x10", HOSTILE.get(1));
                case JOURNEY_STATUS, DELIVERY_STATUS -> List.of("active", "pending", " ", "\u0000", "ACTIVE ",
                        HOSTILE.get(0), HOSTILE.get(1), "x".repeat(3000));
                case ID -> List.of("\u0000", "a\u0000b", "x".repeat(129), "x".repeat(3000));
            };
        }

        /** An empty value ("?from=") is no value: the parameter's default applies. */
        List<String> maybeRight() {
            return switch (this) {
                case TIME -> List.of("2026-11-23T10:15:00+01:00", "2026-11-23T10:15:00Z", "0001-01-01T00:00:00Z",
                        "9999-12-31T23:59:59Z", "");
                case TEXT -> HOSTILE;
                case WINDOW_DAYS -> List.of("1", "7", "90", " 7 ", "");
                case JOURNEY_STATUS -> List.of("ACTIVE", "COMPLETED", "EXITED", "FAILED", "");
                case DELIVERY_STATUS -> List.of("PENDING", "DELIVERED", "FAILED", "");
                case ID -> {
                    List<String> ids = new ArrayList<>(HOSTILE.stream().map(h -> "fz-none-" + h).toList());
                    ids.addAll(List.of("fz-none", "fz-" + "x".repeat(125), ".", "..", "%", "%2F", "a/b", "?", "#", "\u00e9",
                            "\ud83d\ude00", " ", "\t", "\u202e"));
                    yield ids;
                }
            };
        }
    }

    /** A request with a wrong header: an API key that is not one. */
    private static List<Call> badApiKeys() {
        List<Call> calls = new ArrayList<>();
        for (String key : List.of("' OR '1'='1", HOSTILE.get(6), "x".repeat(4000), "Bearer", "test-admin-key;x", "%00")) {
            calls.add(new Call("API key " + truncate(key, 20), "POST", "/v1/decisions", JSON,
                    Json.bytes(validDecision()), Expect.REFUSED, null).withKey(key));
        }
        return calls;
    }

    /**
     * Requests no HTTP client sends: truncated UTF-8, overlong encodings, no Host header; and ones the HTTP
     * server refuses before the application sees them, with an empty body (no problem+json can be written
     * there): a target that is not a URI (a broken %-escape) gets 400, a request line over
     * quarkus.http.limits.max-initial-line-length (4 KB) gets 414.
     */
    private static List<RawRequest> rawRequests() {
        List<RawRequest> requests = new ArrayList<>();
        for (String target : List.of("/v1/customers/%E2%82", "/v1/customers/%C0%AE%C0%AE", "/v1/stats?windowDays=%FF",
                "/v1/stats?from=a&from=b", "/v1/customers/a%00b/journeys", "/v1/customers/..%2f..%2f..%2fetc%2fpasswd",
                "/v1/customers/%2e%2e/%2e%2e/etc/passwd", "/v1/../v1/stats", "/v1/customers/%F0%9F%98%80")) {
            requests.add(new RawRequest(target, true, 0));
        }
        requests.add(new RawRequest("/v1/stats", false, 0));
        for (String notAUri : List.of("/v1/customers/%zz", "/v1/customers/a%", "/v1/stats?from=%zz", "/v1/journeys?status=%",
                "/v1/customers/a b", "/v1/customers/<x>")) {
            requests.add(new RawRequest(notAUri, true, 400));
        }
        requests.add(new RawRequest("/v1/customers/" + "x".repeat(5000), true, 414));
        return requests;
    }

    /** {@code refusedByServer}: the status the HTTP server answers itself, empty; 0 when the application answers. */
    record RawRequest(String target, boolean withHost, int refusedByServer) {
    }

    // ---- Sending and checking -----------------------------------------------------------------------

    /** What an answer must be: refused (4xx), or anything that is not a 5xx (a read, a 404 for an unknown id). */
    enum Expect { REFUSED, ANY }

    /** One request. {@code field}: what its answer must name, when it is refused for that field. */
    record Call(String label, String method, String path, String contentType, byte[] body, Expect expect, String field,
                String apiKey, boolean inChunks, String accept) {
        Call(String label, String method, String path, String contentType, byte[] body, Expect expect, String field) {
            this(label, method, path, contentType, body, expect, field, TestApiKeys.ADMIN_KEY, false, null);
        }

        Call withKey(String key) {
            return new Call(label, method, path, contentType, body, expect, field, key, inChunks, accept);
        }

        /** Sent without a Content-Length, in chunks. */
        Call chunked() {
            return new Call(label, method, path, contentType, body, expect, field, apiKey, true, accept);
        }

        Call accepting(String type) {
            return new Call(label, method, path, contentType, body, expect, field, apiKey, inChunks, type);
        }

        String describe() {
            String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
            return method + " " + truncate(path, 300) + " [" + label + "] Content-Type: " + contentType
                    + (accept == null ? "" : ", Accept: " + accept) + (inChunks ? ", chunked" : "")
                    + (body == null ? "" : ", " + body.length + " bytes: " + truncate(text, 2000));
        }
    }

    record Answer(Call call, int status, String contentType, String body) {
    }

    private Answer send(Call call) throws IOException, InterruptedException {
        calls++;
        HttpRequest.BodyPublisher publisher = call.body() == null ? HttpRequest.BodyPublishers.noBody()
                : call.inChunks() ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(call.body()))
                : HttpRequest.BodyPublishers.ofByteArray(call.body());
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(call.path().substring(1)))
                .timeout(Duration.ofSeconds(30))
                .method(call.method(), publisher);
        if (call.apiKey() != null) {
            request.header("X-API-Key", call.apiKey());
        }
        if (call.contentType() != null) {
            request.header("Content-Type", call.contentType());
        }
        if (call.accept() != null) {
            request.header("Accept", call.accept());
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(call, response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.body());
    }

    private void sendAndCheck(Call call) {
        try {
            check(call, send(call));
        } catch (IOException | InterruptedException | IllegalArgumentException noAnswer) {
            fail(call, "no answer: " + noAnswer);
        }
    }

    private void check(Call call, Answer answer) {
        int status = answer.status();
        if (status >= 500) {
            fail(call, answer, "a server error");
            return;
        }
        if (call.path().equals("/v1/events") && status == 200) {
            checkBatchRejection(call, answer);
            return;
        }
        if (call.expect() == Expect.REFUSED && status < 400) {
            fail(call, answer, "accepted");
            return;
        }
        if (status >= 400) {
            checkProblem(call, answer);
        }
    }

    /** A batch is answered 200 with its bad events rejected one by one; none may have been stored. */
    private void checkBatchRejection(Call call, Answer answer) {
        try {
            JsonNode result = json.readTree(answer.body());
            if (call.expect() == Expect.REFUSED && (result.path("accepted").asInt() != 0
                    || result.path("duplicate").asInt() != 0 || result.path("rejected").asInt() == 0)) {
                fail(call, answer, "events of a bad batch accepted");
            } else if (call.field() != null && !names(result.path("rejections"), call.field())) {
                fail(call, answer, "the rejection does not name " + call.field());
            }
        } catch (IOException notJson) {
            fail(call, answer, "not JSON");
        }
    }

    private void checkProblem(Call call, Answer answer) {
        if (!answer.contentType().startsWith(Problem.MEDIA_TYPE)) {
            fail(call, answer, "not problem+json");
            return;
        }
        JsonNode problem;
        try {
            problem = json.readTree(answer.body());
        } catch (IOException notJson) {
            fail(call, answer, "problem+json that is not JSON");
            return;
        }
        if (problem.path("status").asInt() != answer.status() || problem.path("title").asText().isBlank()
                || problem.path("detail").asText().isBlank()) {
            fail(call, answer, "a problem without its status, title and detail");
        } else if (call.field() != null && answer.status() == 400 && !names(problem.path("errors"), call.field())
                && !problem.path("detail").asText().contains(lastName(call.field()))) {
            fail(call, answer, "the problem does not name " + call.field());
        }
    }

    /** errors[].field (or rejections[].field) names the field, or something inside it. */
    private static boolean names(JsonNode errors, String field) {
        for (JsonNode error : errors) {
            String named = error.path("field").asText();
            if (named.equals(field) || named.startsWith(field + ".") || named.startsWith(field + "[")) {
                return true;
            }
        }
        return false;
    }

    private static String lastName(String field) {
        String name = field.substring(field.lastIndexOf('.') + 1);
        int index = name.indexOf('[');
        return index > 0 ? name.substring(0, index) : name;
    }

    /** Sends a request as written, over a plain socket. */
    private void sendRawAndCheck(RawRequest raw) {
        Call call = new Call("raw request" + (raw.withHost() ? "" : " without Host"), "GET", raw.target(), null, null,
                Expect.ANY, null);
        calls++;
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + raw.target() + " HTTP/1.1\r\n" + (raw.withHost() ? "Host: " + base.getHost() + "\r\n" : "")
                    + "X-API-Key: " + TestApiKeys.ADMIN_KEY + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String response = new String(readAll(socket.getInputStream()), StandardCharsets.UTF_8);
            String[] headAndBody = response.split("\r\n\r\n", 2);
            String[] lines = headAndBody[0].split("\r\n");
            boolean chunked = Arrays.stream(lines).anyMatch(line -> line.equalsIgnoreCase("transfer-encoding: chunked"));
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            String contentType = Arrays.stream(lines).filter(line -> line.toLowerCase().startsWith("content-type:"))
                    .map(line -> line.substring(line.indexOf(':') + 1).strip()).findFirst().orElse("");
            String body = headAndBody.length > 1 ? headAndBody[1] : "";
            Answer answer = new Answer(call, status, contentType, chunked ? dechunk(body) : body);
            if (raw.refusedByServer() != 0) {
                if (status != raw.refusedByServer()) {
                    fail(call, answer, "not refused by the HTTP server with " + raw.refusedByServer());
                }
                return;
            }
            check(call, answer);
        } catch (IOException | RuntimeException noAnswer) {
            fail(call, "no answer: " + noAnswer);
        }
    }

    private static String dechunk(String chunked) {
        StringBuilder body = new StringBuilder();
        String rest = chunked;
        while (true) {
            int end = rest.indexOf("\r\n");
            int size = end < 0 ? 0 : Integer.parseInt(rest.substring(0, end).strip(), 16);
            if (size == 0) {
                return body.toString();
            }
            body.append(rest, end + 2, end + 2 + size);
            rest = rest.substring(end + 2 + size + 2);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        in.transferTo(bytes);
        return bytes.toByteArray();
    }

    private JsonNode expectOk(Call call, int status) throws Exception {
        Answer answer = send(call);
        assertThat(answer.status()).as("%s answered %s", call.describe(), answer.body()).isEqualTo(status);
        return json.readTree(answer.body());
    }

    private JsonNode awaitRecorded(String decisionId) throws Exception {
        Call read = new Call("decision record", "GET", "/v1/decisions/" + decisionId, null, null, Expect.ANY, null);
        for (int i = 0; i < 100; i++) {
            Answer answer = send(read);
            if (answer.status() == 200) {
                return json.readTree(answer.body());
            }
            Thread.sleep(100);
        }
        throw new AssertionError("decision " + decisionId + " was never recorded");
    }

    private String clockOffset() throws Exception {
        return expectOk(new Call("clock", "GET", "/v1/clock", null, null, Expect.ANY, null), 200).path("offset").asText();
    }

    private String activeRulesetVersion() throws Exception {
        return expectOk(new Call("active ruleset", "GET", "/v1/rules", null, null, Expect.ANY, null), 200)
                .path("version").asText();
    }

    private void fail(Call call, Answer answer, String what) {
        fail(call, what + ": " + answer.status() + " " + answer.contentType() + " " + truncate(answer.body(), 500));
    }

    private void fail(Call call, String what) {
        failures.add(what + "\n      " + call.describe());
    }

    private void assertNoFailures() {
        if (!failures.isEmpty()) {
            String report = "Seed " + SEED + ": " + failures.size() + " of " + calls + " requests were answered wrongly:\n  "
                    + String.join("\n  ", failures.subList(0, Math.min(40, failures.size())));
            System.out.println(report);
            throw new AssertionError(report);
        }
    }

    // ---- Stored data --------------------------------------------------------------------------------

    /**
     * What the database holds: the tables, and per table its row count and a digest of every row. The outbox
     * and journey enrolments are counted only: their rows are updated by background workers as they retry.
     */
    record Stored(Set<String> tables, Map<String, Long> counts, Map<String, String> digests) {
        void assertUnchangedIn(Stored after, String... mayChange) {
            assertThat(after.tables()).as("tables").isEqualTo(tables);
            Map<String, Long> countsBefore = new TreeMap<>(counts);
            Map<String, Long> countsAfter = new TreeMap<>(after.counts());
            Map<String, String> digestsBefore = new TreeMap<>(digests);
            Map<String, String> digestsAfter = new TreeMap<>(after.digests());
            for (String table : mayChange) {
                countsBefore.remove(table);
                countsAfter.remove(table);
                digestsBefore.remove(table);
                digestsAfter.remove(table);
            }
            assertThat(countsAfter).as("rows per table").isEqualTo(countsBefore);
            assertThat(digestsAfter).as("content per table").isEqualTo(digestsBefore);
        }
    }

    private static final Set<String> COUNTED_ONLY = Set.of("delivery", "journey_enrolment");

    private long rowsOf(String table, String column, String value) throws SQLException {
        try (Connection connection = database.getConnection();
             var statement = connection.prepareStatement("select count(*) from " + table + " where " + column + " = ?")) {
            statement.setString(1, value);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private Stored store() throws SQLException {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            Set<String> tables = new LinkedHashSet<>();
            try (ResultSet rows = statement.executeQuery("select table_name from information_schema.tables "
                    + "where table_schema = current_schema() order by table_name")) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            Map<String, Long> counts = new TreeMap<>();
            Map<String, String> digests = new TreeMap<>();
            for (String table : tables) {
                String digest = COUNTED_ONLY.contains(table) ? "''"
                        : "coalesce(md5(string_agg(md5(t::text), '' order by md5(t::text))), '')";
                try (ResultSet rows = statement.executeQuery("select count(*), " + digest + " from " + table + " t")) {
                    rows.next();
                    counts.put(table, rows.getLong(1));
                    digests.put(table, rows.getString(2));
                }
            }
            return new Stored(tables, counts, digests);
        }
    }

    /** The store once background writers (decision records, the outbox) have finished: the same twice in a row. */
    private Stored settledStore() throws Exception {
        Stored last = store();
        for (int i = 0; i < 50; i++) {
            Thread.sleep(200);
            Stored now = store();
            if (now.equals(last)) {
                return now;
            }
            last = now;
        }
        return last;
    }

    // ---- Generating bodies --------------------------------------------------------------------------

    /** Replace {@code key} of the object at {@code at} with {@code value}; the answer must name {@code field}. */
    record Mutation(String at, String key, Object value, String field) {
    }

    /** Collects mutations: every wrong value of every field, and unknown fields. */
    static final class Mutations {
        private final List<Mutation> list = new ArrayList<>();

        void wrong(String at, String key, List<?> values) {
            for (Object value : values) {
                list.add(new Mutation(at, key, value, join(at, key)));
            }
        }

        /** The whole object at {@code at} replaced: it is wrong as a whole, for {@code field}. */
        void wrongObject(String at, Map<String, Object> object, String field) {
            int dot = at.lastIndexOf('.');
            int bracket = at.lastIndexOf('[');
            String parent = bracket > dot ? at.substring(0, bracket) : at;
            list.add(new Mutation(parentOf(parent), lastKey(parent), FuzzTest.list(object), join(at, field)));
        }

        void unknownFields(String at) {
            for (String key : List.of("customerID", "__proto__", "@class", "$where", "constructor", "",
                    "x".repeat(3000), "a\u0000b", HOSTILE.get(0))) {
                list.add(new Mutation(at, key, 1, join(at, key)));
            }
        }

        void add(Mutation mutation) {
            list.add(mutation);
        }

        List<Mutation> list() {
            return list;
        }
    }

    /** Values that are certainly wrong for a field of each kind (values Jackson coerces, such as "7" for 7, are not). */
    static final class Wrong {
        static final Object NULL = null;
        static final Object OBJECT = Map.of("fz", 1);
        static final Object ARRAY = List.of(1, "two", List.of());
        static final String NUL_TEXT = "nul\u0000inside";
        static final String LONE_SURROGATE = "half \ud800 a character";

        private Wrong() {
        }

        static List<Object> text(boolean required, int maxLength) {
            List<Object> values = new ArrayList<>();
            if (required) {
                values.addAll(Arrays.asList(NULL, "", " \t\n "));
            }
            values.addAll(List.of("x".repeat(maxLength + 1), OBJECT, ARRAY, NUL_TEXT, LONE_SURROGATE));
            return values;
        }

        /** A customer id: required text, and never one of the two a URL path cannot carry (it could not be erased). */
        static List<Object> customerId() {
            return plus(text(true, 128), ".", "..");
        }

        static List<Object> name(boolean required, int maxLength) {
            List<Object> values = text(required, maxLength);
            values.addAll(List.of("1st", "with space", "semi;colon", HOSTILE.get(0), HOSTILE.get(2), "\u00e9t\u00e9", "a/b",
                    "-dash", "x" + "\u0001"));
            return values;
        }

        static List<Object> time(boolean required) {
            List<Object> values = new ArrayList<>();
            if (required) {
                values.add(NULL);
            }
            values.addAll(List.of("yesterday", "2026-13-45T10:00:00Z", "2026-11-23T25:61:00Z", "2026-02-30T10:00:00Z",
                    "2026-11-23T10:15:00", "2026-11-23", "10:15:00+01:00", "2026-11-23T10:15:00+25:00",
                    "2026-11-23T10:15:00Z[Mars/Olympus]", "2026-11-23T10:15:00 Europe/Paris", "+99999-01-01T00:00:00Z",
                    "-999999999-01-01T00:00:00+18:00", "+999999999-12-31T23:59:59.999999999-18:00", "0000-12-31T23:59:59Z",
                    "", " ", OBJECT, ARRAY, true, new Raw("1e400"), new Raw("-1e400"), new Raw("1" + "0".repeat(400)),
                    NUL_TEXT, HOSTILE.get(0),
                    // Digits Jackson would read as seconds since 1970, and ISO forms RFC 3339 does not allow.
                    "1700000000", "-1", "2026", "0", new Raw("1700000000"), "2026-11-23T10:15:00+0100",
                    "2026-11-23T10:15:00+01:00:30", "2026-11-23 10:15:00Z"));
            return values;
        }

        static List<Object> integer(int min, int max) {
            return List.of(min - 1, max + 1, Integer.MIN_VALUE, "three", "1e400", new Raw("99999999999999999999"),
                    new Raw("-99999999999999999999"), new Raw("1e400"), new Raw("-1e400"), OBJECT, ARRAY, true,
                    HOSTILE.get(1));
        }

        static List<Object> bool() {
            return List.of("maybe", "yes", "1", OBJECT, ARRAY, HOSTILE.get(3));
        }

        static List<Object> nonNegative() {
            return List.of(-1, -0.001, new Raw("-1e400"), new Raw("1e400"), new Raw("1E+999"), "NaN", "Infinity",
                    "-Infinity", "abc", OBJECT, ARRAY, HOSTILE.get(1));
        }

        /** With minSize 0 an empty list and no list at all are fine. */
        static List<Object> list(int minSize, int maxSize, Supplier<?> valid, boolean elementsRequired) {
            List<Object> values = new ArrayList<>(List.of(OBJECT, "x", 5, List.of(5), List.of("x"), List.of(List.of())));
            if (minSize > 0) {
                values.add(NULL);
                values.add(List.of());
            }
            if (elementsRequired) {
                values.add(Arrays.asList(valid.get(), NULL));
            }
            values.add(IntStream.rangeClosed(0, maxSize).mapToObj(i -> valid.get()).toList());
            return values;
        }

        static List<Object> map(int maxSize) {
            Map<String, Object> tooMany = new LinkedHashMap<>();
            IntStream.rangeClosed(0, maxSize).forEach(i -> tooMany.put("k" + i, i));
            return List.of(ARRAY, "x", 5, true, tooMany, obj("deep", new Raw("[".repeat(5000) + "]".repeat(5000))),
                    obj("deep", new Raw("{\"a\":".repeat(3000) + "1" + "}".repeat(3000))), obj("nul", NUL_TEXT),
                    obj("half", LONE_SURROGATE), obj("n", new Raw("1" + "0".repeat(2000))),
                    // Numbers a double cannot hold (they would be stored as Infinity), and NUL in keys at any depth.
                    obj("big", new Raw("1e400")), obj("nested", obj("small", FuzzTest.list(1, new Raw("-1e400")))),
                    obj("nested", obj("a\u0000b", 1)), obj("list", FuzzTest.list(obj("k\u0000", true))));
        }
    }

    /** A body endpoint: its valid body, the mutations of it, and random corruption. */
    record BodyEndpoint(String method, String template, String path, String contentType, Supplier<Map<String, Object>> valid,
                        List<Mutation> mutations, boolean noBodyIsValid) {

        Call call(String label, byte[] body, String type, String field) {
            return new Call(label, method, path, type, body, Expect.REFUSED, field);
        }

        /**
         * A merge patch is parsed whole before it is applied, so what the parser itself refuses (nesting too deep,
         * a number too long) is a problem of the body; everything else names its field.
         */
        String fieldNamedFor(Mutation mutation) {
            return contentType.equals(MERGE_PATCH) && holdsRaw(mutation.value()) ? null : mutation.field();
        }

        Map<String, Object> withField(String key, Object value) {
            Map<String, Object> body = valid.get();
            body.put(key, value);
            return body;
        }

        Map<String, Object> mutated(Mutation mutation) {
            Map<String, Object> body = valid.get();
            objectAt(body, mutation.at()).put(mutation.key(), mutation.value());
            return body;
        }

        List<Call> wrongBodies(Random random) {
            List<Call> calls = new ArrayList<>();
            for (Mutation mutation : mutations) {
                calls.add(call(mutation.field() + " = " + truncate(String.valueOf(mutation.value()), 60),
                        Json.bytes(mutated(mutation)), contentType, fieldNamedFor(mutation)));
            }
            for (String garbage : List.of("null", "", "[]", "5", "\"body\"", "true", "{", "}", "{]", "{\"a\":}",
                    "{\"a\" \"b\"}", "{'a': 'b'}", "{\"a\":1,}", "/* comment */ {}", "{\"a\":NaN}", "{\"a\":Infinity}",
                    "{\"a\":01}", "{\"a\":\"\\x41\"}", "{\"a\":\"\\u12\"}", "\ufeff[", "[" .repeat(10_000) + "]".repeat(10_000),
                    "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000), "1" + "0".repeat(2000), "-1e999999", " \r\n\t ")) {
                if (noBodyIsValid && (garbage.isBlank() || garbage.equals("null"))) {
                    continue;
                }
                calls.add(call("garbage " + truncate(garbage, 40), garbage.getBytes(StandardCharsets.UTF_8), contentType, null));
            }
            byte[] valid = Json.bytes(this.valid.get());
            for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                    "multipart/form-data; boundary=fz", "application/octet-stream", "application/json-patch+json", "image/png")) {
                calls.add(call("valid body as " + type, valid, type, null));
            }
            calls.add(call("trailing garbage", concat(valid, "{\"more\": 1}".getBytes(StandardCharsets.UTF_8)), contentType, null));
            calls.add(call("trailing garbage", concat(valid, " ]".getBytes(StandardCharsets.UTF_8)), contentType, null));
            for (String notUtf8 : NOT_UTF8) {
                calls.add(call("not UTF-8: " + notUtf8, insideFirstString(valid, HexFormat.of().parseHex(notUtf8)), contentType,
                        null));
            }
            for (int i = 0; i < RANDOM_BODIES_PER_ENDPOINT; i++) {
                calls.add(randomCall(random, valid));
            }
            return calls;
        }

        /** One randomly corrupted body: always wrong, whatever the draw. */
        private Call randomCall(Random random, byte[] valid) {
            String type = random.nextInt(10) == 0 ? randomContentType(random) : contentType;
            boolean asJson = contentType.equals(type);
            Call call = switch (random.nextInt(8)) {
                case 0 -> call("truncated", Arrays.copyOf(valid, 1 + random.nextInt(valid.length - 1)), type, null);
                case 1 -> call("random bytes", randomBytes(random), type, null);
                case 2 -> {
                    Object json = randomJson(random, 0, true);
                    // A null body asks some endpoints for their default (validating the rules folder): not wrong.
                    yield call("random JSON", Json.bytes(json == null && noBodyIsValid ? list(json) : json), type, null);
                }
                case 3 -> {
                    Mutation first = mutations.get(random.nextInt(mutations.size()));
                    Mutation second = mutations.get(random.nextInt(mutations.size()));
                    Map<String, Object> body = mutated(first);
                    try {
                        objectAt(body, second.at()).put(second.key(), second.value());
                    } catch (RuntimeException pathGone) {
                        // the first mutation replaced the object the second one was for
                    }
                    yield call("two wrong fields: " + first.field() + ", " + second.field(), Json.bytes(body), type, null);
                }
                case 4 -> call("invalid UTF-8", withInvalidUtf8(random, valid), type, null);
                case 5 -> call("raw control character", withControlCharacter(random, valid), type, null);
                case 6 -> {
                    int depth = 1000 + random.nextInt(9000);
                    String nested = random.nextBoolean() ? "[".repeat(depth) + "]".repeat(depth)
                            : "{\"a\":".repeat(depth) + "null" + "}".repeat(depth);
                    Mutation mutation = mutations.get(random.nextInt(mutations.size()));
                    Map<String, Object> body = this.valid.get();
                    objectAt(body, mutation.at()).put(mutation.key(), new Raw(nested));
                    yield call(mutation.field() + " nested " + depth + " deep", Json.bytes(body), type, null);
                }
                default -> {
                    Mutation mutation = mutations.get(random.nextInt(mutations.size()));
                    yield call(mutation.field() + " = " + truncate(String.valueOf(mutation.value()), 60) + ", reordered",
                            Json.bytes(shuffled(random, mutated(mutation))), type, asJson ? fieldNamedFor(mutation) : null);
                }
            };
            if (random.nextInt(12) == 0) {
                call = call.accepting(ACCEPTS.get(random.nextInt(ACCEPTS.size())));
            }
            return random.nextInt(10) == 0 ? call.chunked() : call;
        }
    }

    /** A parameter endpoint: every wrong value of each parameter, and random combinations of values. */
    record ParameterEndpoint(String method, String template, Map<String, Kind> query, Map<String, Object> body) {

        List<Call> everyWrongValue() {
            List<Call> calls = new ArrayList<>();
            for (Map.Entry<String, Kind> parameter : new TreeMap<>(query).entrySet()) {
                for (String value : parameter.getValue().wrong()) {
                    calls.add(call(Map.of(parameter.getKey(), value), null, Expect.REFUSED, parameter.getKey()));
                }
            }
            if (template.contains("{")) {
                for (String id : Kind.ID.wrong()) {
                    // Any id with a NUL is refused; a long one only where it would be stored (elsewhere it is not found).
                    boolean refused = id.contains("\u0000") || method.equals("PUT") && id.length() > 128;
                    calls.add(call(Map.of(), id, refused ? Expect.REFUSED : Expect.ANY, refused ? parameterName() : null));
                }
            }
            return calls;
        }

        Call randomCall(Random random) {
            Map<String, String> values = new TreeMap<>();
            for (Map.Entry<String, Kind> parameter : new TreeMap<>(query).entrySet()) {
                if (random.nextBoolean()) {
                    List<String> pool = random.nextBoolean() ? parameter.getValue().wrong() : parameter.getValue().maybeRight();
                    values.put(parameter.getKey(), pool.get(random.nextInt(pool.size())));
                }
            }
            String id = null;
            if (template.contains("{")) {
                List<String> pool = random.nextInt(3) == 0 ? Kind.ID.wrong() : Kind.ID.maybeRight();
                id = random.nextInt(4) == 0 ? randomText(random, 1 + random.nextInt(200)) : pool.get(random.nextInt(pool.size()));
                if (method.equals("PUT") && id.length() <= 128 && !id.contains("\u0000")) {
                    id = "x".repeat(129) + id;  // a valid id would store a profile
                }
            }
            return call(values, id, method.equals("PUT") ? Expect.REFUSED : Expect.ANY, null);
        }

        private String parameterName() {
            return template.substring(template.indexOf('{') + 1, template.indexOf('}'));
        }

        private Call call(Map<String, String> values, String id, Expect expect, String field) {
            String path = id == null ? template : template.replaceFirst("\\{[^}]+}", Paths.encode(id).replace("$", "\\$"));
            StringBuilder query = new StringBuilder();
            values.forEach((name, value) -> query.append(query.length() == 0 ? "?" : "&").append(name).append('=')
                    .append(Paths.encode(value)));
            String label = "parameters " + truncate(values.toString(), 80) + (id == null ? "" : " id " + truncate(id, 40));
            return new Call(label, method, path + query, body == null ? null : JSON, body == null ? null : Json.bytes(body),
                    expect, field);
        }
    }

    // ---- Little helpers -----------------------------------------------------------------------------

    /** JSON text written as-is: numbers no Java type holds, nesting no serializer writes. */
    record Raw(String json) {
        @Override
        public String toString() {
            return truncate(json, 60);
        }
    }

    /** Writes JSON by hand, so a body can hold what a serializer refuses: raw tokens and unpaired surrogates. */
    static final class Json {
        private Json() {
        }

        static byte[] bytes(Object value) {
            StringBuilder out = new StringBuilder();
            write(out, value);
            return out.toString().getBytes(StandardCharsets.UTF_8);
        }

        private static void write(StringBuilder out, Object value) {
            if (value == null) {
                out.append("null");
            } else if (value instanceof Raw raw) {
                out.append(raw.json());
            } else if (value instanceof String text) {
                out.append('"');
                for (char c : text.toCharArray()) {
                    if (c == '"' || c == '\\') {
                        out.append('\\').append(c);
                    } else if (c < 0x20 || Character.isSurrogate(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
                out.append('"');
            } else if (value instanceof Map<?, ?> map) {
                out.append('{');
                String separator = "";
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    out.append(separator);
                    write(out, String.valueOf(entry.getKey()));
                    out.append(':');
                    write(out, entry.getValue());
                    separator = ",";
                }
                out.append('}');
            } else if (value instanceof List<?> list) {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    out.append(i == 0 ? "" : ",");
                    write(out, list.get(i));
                }
                out.append(']');
            } else {
                out.append(value);
            }
        }
    }

    /** Percent-encodes every byte that is not unreserved, so any text is one path segment or query value. */
    static final class Paths {
        private Paths() {
        }

        static String encode(String text) {
            StringBuilder out = new StringBuilder();
            for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
                char c = (char) (b & 0xff);
                if (Character.isLetterOrDigit(c) && c < 0x80 || "-._~".indexOf(c) >= 0) {
                    out.append(c);
                } else {
                    out.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
                }
            }
            return out.toString();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> objectAt(Map<String, Object> body, String at) {
        Object current = body;
        if (!at.isEmpty()) {
            for (String part : at.split("\\.")) {
                String name = part.contains("[") ? part.substring(0, part.indexOf('[')) : part;
                current = ((Map<String, Object>) current).get(name);
                if (part.contains("[")) {
                    current = ((List<Object>) current).get(Integer.parseInt(part.substring(part.indexOf('[') + 1,
                            part.indexOf(']'))));
                }
            }
        }
        return (Map<String, Object>) current;
    }

    private static boolean holdsRaw(Object value) {
        return value instanceof Raw || value instanceof Map<?, ?> map && map.values().stream().anyMatch(FuzzTest::holdsRaw)
                || value instanceof List<?> list && list.stream().anyMatch(FuzzTest::holdsRaw);
    }

    private static String parentOf(String at) {
        return at.contains(".") ? at.substring(0, at.lastIndexOf('.')) : "";
    }

    private static String lastKey(String at) {
        return at.substring(at.lastIndexOf('.') + 1);
    }

    private static String join(String at, String key) {
        return at.isEmpty() ? key : at + "." + key;
    }

    static Map<String, Object> obj(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    static List<Object> list(Object... values) {
        return new ArrayList<>(Arrays.asList(values));
    }

    private static List<Object> plus(List<Object> values, Object... more) {
        List<Object> all = new ArrayList<>(values);
        all.addAll(Arrays.asList(more));
        return all;
    }

    private static String prefix(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length);
    }

    static String truncate(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length) + "…(" + text.length() + " chars)";
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[1 + random.nextInt(2000)];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Any JSON value; an object always has a field no request has, so it is never a valid request. */
    private static Object randomJson(Random random, int depth, boolean top) {
        int kind = random.nextInt(depth > 4 ? 6 : 8);
        return switch (kind) {
            case 0 -> null;
            case 1 -> random.nextBoolean();
            case 2 -> random.nextInt(5) == 0 ? new Raw(random.nextGaussian() * 1e300 + "e" + random.nextInt(400))
                    : (Object) (random.nextLong() >> random.nextInt(64));
            case 3 -> random.nextDouble() * (random.nextBoolean() ? 1e308 : -1e-308);
            case 4, 5 -> random.nextInt(4) == 0 ? HOSTILE.get(random.nextInt(HOSTILE.size()))
                    : randomText(random, random.nextInt(100));
            case 6 -> {
                List<Object> list = new ArrayList<>();
                for (int i = random.nextInt(6); i > 0; i--) {
                    list.add(randomJson(random, depth + 1, false));
                }
                yield list;
            }
            default -> {
                Map<String, Object> object = new LinkedHashMap<>();
                for (int i = random.nextInt(6); i > 0; i--) {
                    object.put(random.nextBoolean() ? FIELD_NAMES.get(random.nextInt(FIELD_NAMES.size()))
                            : randomText(random, random.nextInt(20)), randomJson(random, depth + 1, false));
                }
                if (top) {
                    object.put("fz-junk-" + random.nextInt(1000), randomJson(random, depth + 1, false));
                }
                yield object;
            }
        };
    }

    private static final List<String> FIELD_NAMES = List.of("customerId", "channel", "at", "events", "context", "limit",
            "dryRun", "id", "type", "occurredAt", "attributes", "segment", "timezone", "quietHours", "lifetimeValue",
            "journeyStage", "globalOptOut", "consents", "scores", "alias", "actionId", "value", "files", "name", "content",
            "encoding", "replaceFolder", "from", "to", "maxDecisions", "examples", "version", "now", "request");

    private static final String SPECIAL = "'\"\\;%${}<>/";

    /** Text from all over Unicode, control characters and unpaired surrogates included. */
    private static String randomText(Random random, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int pick = random.nextInt(10);
            text.append(switch (pick) {
                case 0 -> (char) random.nextInt(0x20);
                case 1 -> (char) (0xd800 + random.nextInt(0x800));
                case 2 -> (char) (0x80 + random.nextInt(0xd800 - 0x80));
                case 3 -> SPECIAL.charAt(random.nextInt(SPECIAL.length()));
                default -> (char) (0x20 + random.nextInt(0x5f));
            });
        }
        return text.toString();
    }

    private static final List<String> ACCEPTS = List.of("text/html", "application/xml", "text/csv;q=foo", "*/*;q=0",
            "application/problem+json", "image/*", "application/json;charset=ebcdic", ";;", "x");

    private static String randomContentType(Random random) {
        List<String> types = List.of("application/", ";;;", "json", "application/json; charset=utf-16",
                "application/json; charset=nonsense", "application/json;;", "*/*", "application/*", "");
        String type = types.get(random.nextInt(types.size()));
        return type.isEmpty() ? null : type;
    }

    private static byte[] withInvalidUtf8(Random random, byte[] valid) {
        byte[] bad = {(byte) 0xff, (byte) 0xc3, (byte) 0x28, (byte) 0xed, (byte) 0xa0, (byte) 0x80};
        int at = 1 + random.nextInt(valid.length - 2);
        int length = 1 + random.nextInt(bad.length);
        byte[] body = Arrays.copyOf(valid, valid.length + length);
        System.arraycopy(valid, at, body, at + length, valid.length - at);
        System.arraycopy(bad, bad.length - length, body, at, length);
        return body;
    }

    /**
     * Byte sequences that are not UTF-8 but that a lenient decoder reads as a character: overlong forms of '/'
     * (C0 AF, E0 80 AF, F0 80 80 AF), a surrogate in three bytes, a code point past U+10FFFF.
     */
    private static final List<String> NOT_UTF8 = List.of("c0af", "c1bf", "e080af", "f08080af", "eda080", "edbfbf",
            "f4908080", "f8888080af");

    /** {@code bytes} put inside the first string value, where text is stored as sent. */
    private static byte[] insideFirstString(byte[] valid, byte[] bytes) {
        int quote = new String(valid, StandardCharsets.UTF_8).indexOf(":\"");
        int at = quote < 0 ? 1 : quote + 2;
        byte[] body = Arrays.copyOf(valid, valid.length + bytes.length);
        System.arraycopy(valid, at, body, at + bytes.length, valid.length - at);
        System.arraycopy(bytes, 0, body, at, bytes.length);
        return body;
    }

    private static byte[] withControlCharacter(Random random, byte[] valid) {
        // Inside the first string value: JSON allows no raw control character there.
        int quote = new String(valid, StandardCharsets.UTF_8).indexOf(":\"");
        byte[] body = Arrays.copyOf(valid, valid.length + 1);
        int at = quote < 0 ? 1 : quote + 2;
        System.arraycopy(valid, at, body, at + 1, valid.length - at);
        body[at] = (byte) random.nextInt(0x20);
        return body;
    }

    private static Map<String, Object> shuffled(Random random, Map<String, Object> body) {
        List<Map.Entry<String, Object>> entries = new ArrayList<>(body.entrySet());
        java.util.Collections.shuffle(entries, random);
        Map<String, Object> shuffled = new LinkedHashMap<>();
        entries.forEach(entry -> shuffled.put(entry.getKey(), entry.getValue()));
        return shuffled;
    }
}
