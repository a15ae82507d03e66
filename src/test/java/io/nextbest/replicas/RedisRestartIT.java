package io.nextbest.replicas;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Redis is killed under load and comes back empty, as after a restart without persistence: two replicas go on
 * deciding for a few hundred customers, rebuild each customer's contacts from the decision records before
 * reserving for them again, and no customer gets more customer-facing actions than a cap of rules/caps.csv
 * allows. The test runs its own Redis on a private port, so it can kill it.
 */
class RedisRestartIT {
    private static final int REDIS_PORT = 6395;
    private static final int CUSTOMERS = 200;
    private static final int CLIENTS = 12;
    /** Decisions on each side of the restart: enough for most customers to have filled caps before it. */
    private static final int DECISIONS_EACH_SIDE = 4 * CUSTOMERS;
    /** The longest each side lasts, however slow a busy machine decides. */
    private static final Duration LONGEST_SIDE = Duration.ofSeconds(60);
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    /** The rules decide as of a Monday morning (no quiet hours); contacts are counted on the service's clock. */
    private static final String AT = "2026-11-23T10:15:00+01:00";
    private static final List<String> BODIES = List.of(
            "{\"customerId\": \"%s\", \"at\": \"" + AT + "\", \"limit\": 3, \"events\": [{\"type\": \"signed_up\"},"
                    + " {\"type\": \"newsletter_subscribed\"}, {\"type\": \"purchase\"}]}",
            "{\"customerId\": \"%s\", \"at\": \"" + AT + "\", \"limit\": 3, \"events\": [{\"type\": \"products_compared\","
                    + " \"occurredAt\": \"2026-11-23T09:55:00+01:00\"}, {\"type\": \"cart_abandoned\", \"attributes\": {\"value\": 120}}]}");

    @Test
    void redisRestartedEmptyUnderLoadSendsNoContactOverACap() throws Exception {
        List<Cap> caps = caps();
        Set<String> internal = internalActions();
        List<Answer> answers = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failures = new AtomicInteger();
        Path redisDir = Files.createTempDirectory("nextbest-redis-restart");
        Process redis = startRedis(redisDir);
        String redisHost = "-Dquarkus.redis.hosts=redis://127.0.0.1:" + REDIS_PORT;
        long restartedAt;
        long[] metrics;
        try (AppInstance first = AppInstance.start(18200, redisHost, "-Dnextbest.caps.monitor-interval=1s",
                "-Dnextbest.caps.breaker.delay=1s");
             AppInstance second = AppInstance.start(18201, redisHost, "-Dnextbest.caps.monitor-interval=1s",
                     "-Dnextbest.caps.breaker.delay=1s")) {
            List<Integer> ports = List.of(first.port, second.port);
            // The sample rules of the folder, not a release other tests left in the shared database.
            ports.forEach(port -> given().port(port).post("/v1/rules/reload").then().statusCode(200));
            List<String> customers = customers(first.port);

            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            AtomicBoolean stop = new AtomicBoolean();
            try {
                for (int i = 0; i < CLIENTS; i++) {
                    clients.submit(() -> {
                        while (!stop.get()) {
                            ThreadLocalRandom random = ThreadLocalRandom.current();
                            String customer = customers.get(random.nextInt(customers.size()));
                            decide(ports.get(random.nextInt(ports.size())), customer,
                                    BODIES.get(random.nextInt(BODIES.size())), answers, failures);
                        }
                    });
                }
                awaitDecisions(answers, DECISIONS_EACH_SIDE);
                // Killed, and back empty a moment later: every contact, marker and stamp is gone.
                redis.destroyForcibly().waitFor();
                Thread.sleep(300);
                redis = startRedis(redisDir);
                restartedAt = System.nanoTime();
                awaitDecisions(answers, answers.size() + DECISIONS_EACH_SIDE);
            } finally {
                stop.set(true);
                clients.shutdown();
                assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).as("the load ends").isTrue();
            }
            metrics = new long[] {metric(ports, "nextbest_contacts_rebuilt_total\\{outcome=\"rebuilt\"}"),
                    metric(ports, "nextbest_contacts_rebuilt_total\\{outcome=\"empty\"}"),
                    metric(ports, "nextbest_contacts_index_lost_total")};
        } finally {
            redis.destroyForcibly().waitFor();
        }

        Map<String, List<Answer>> byCustomer = answers.stream().collect(Collectors.groupingBy(Answer::customer));
        int overCap = 0;
        List<String> overSent = new ArrayList<>();
        for (Map.Entry<String, List<Answer>> customer : byCustomer.entrySet()) {
            List<Sent> sent = customer.getValue().stream().flatMap(answer -> answer.actions().stream())
                    .filter(action -> !internal.contains(action.actionId())).toList();
            for (Cap cap : caps) {
                int over = cap.excess(sent);
                if (over > 0) {
                    overCap += over;
                    overSent.add(customer.getKey() + " " + over + " over \"" + cap.description() + "\": " + sent);
                }
            }
        }
        long contactsAfterRestart = answers.stream().filter(answer -> answer.nanos() > restartedAt)
                .mapToLong(answer -> answer.actions().stream().filter(action -> !internal.contains(action.actionId())).count())
                .sum();
        long customersSentTo = byCustomer.values().stream().filter(list -> list.stream().anyMatch(answer -> answer.actions().stream()
                .anyMatch(action -> !internal.contains(action.actionId())))).count();
        System.out.printf("Redis restarted empty under load: %d decisions (%d failed) for %d customers, %d sent contacts, "
                        + "%d of them after the restart; rebuilt from the records %d, indexed empty %d, loss seen %d times; "
                        + "contacts over cap: %d%n", answers.size(), failures.get(), byCustomer.size(),
                answers.stream().mapToLong(answer -> answer.actions().stream().filter(a -> !internal.contains(a.actionId())).count()).sum(),
                contactsAfterRestart, metrics[0], metrics[1], metrics[2], overCap);

        assertThat(failures.get()).as("decisions that did not answer 200").isZero();
        assertThat(overSent).as("customers sent more than a cap allows").isEmpty();
        assertThat(contactsAfterRestart).as("contacts sent after the restart (caps checked again)").isPositive();
        assertThat(metrics[0]).as("customers rebuilt from their records").isPositive();
        assertThat(metrics[2]).as("each replica tells that Redis lost its data").isGreaterThanOrEqualTo(2);
        assertThat(customersSentTo).isGreaterThan(CUSTOMERS / 2);
    }

    private static void awaitDecisions(List<Answer> answers, int count) throws InterruptedException {
        long deadline = System.nanoTime() + LONGEST_SIDE.toNanos();
        while (answers.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    private static void decide(int port, String customer, String body, List<Answer> answers, AtomicInteger failures) {
        try {
            Response response = given().config(TIMEOUTS).port(port).contentType(ContentType.JSON)
                    .body(body.formatted(customer)).post("/v1/decisions");
            if (response.statusCode() != 200) {
                failures.incrementAndGet();
                return;
            }
            JsonPath answer = response.jsonPath();
            List<Sent> actions = new ArrayList<>();
            List<Map<String, Object>> listed = answer.getList("actions");
            Instant at = Instant.now();
            for (Map<String, Object> action : listed) {
                actions.add(new Sent((String) action.get("actionId"), (String) action.get("channel"),
                        (String) action.get("category"), at));
            }
            answers.add(new Answer(customer, actions, System.nanoTime()));
        } catch (RuntimeException failed) {
            failures.incrementAndGet();
        }
    }

    private static final RestAssuredConfig TIMEOUTS = RestAssured.config().httpClient(HttpClientConfig.httpClientConfig()
            .setParam("http.connection.timeout", 5_000).setParam("http.socket.timeout", 15_000));

    private static List<String> customers(int port) {
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < CUSTOMERS; i++) {
            String id = "restart-" + UUID.randomUUID();
            given().port(port).contentType(ContentType.JSON)
                    .body("{\"timezone\": \"Europe/Paris\", \"quietHours\": \"00:00-00:00\","
                            + " \"consents\": {\"email\": true, \"sms\": true, \"push\": true}}")
                    .put("/v1/customers/{id}", id).then().statusCode(201);
            customers.add(id);
        }
        return customers;
    }

    private static Process startRedis(Path dir) throws IOException, InterruptedException {
        String server = Stream.of(System.getenv("PATH").split(":")).map(folder -> Path.of(folder, "redis-server"))
                .filter(Files::isExecutable).findFirst().map(Path::toString).orElse(null);
        if (server == null && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI must have redis-server to restart a Redis of its own");
        }
        Assumptions.assumeTrue(server != null, "Install redis-server to restart a Redis of the test's own");
        Process process = new ProcessBuilder(server, "--port", String.valueOf(REDIS_PORT), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited:\n" + Files.readString(dir.resolve("redis.log")));
            }
            if (pong()) {
                return process;
            }
            Thread.sleep(50);
        }
        process.destroyForcibly();
        throw new IllegalStateException("redis-server did not answer on port " + REDIS_PORT);
    }

    private static boolean pong() {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), REDIS_PORT)) {
            socket.setSoTimeout(1_000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(7);
            return new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException notYet) {
            return false;
        }
    }

    /** A counter summed over the replicas. */
    private static long metric(List<Integer> ports, String name) {
        long sum = 0;
        for (int port : ports) {
            String metrics = given().port(port).get("/q/metrics").then().statusCode(200).extract().asString();
            Matcher line = Pattern.compile("(?m)^" + name + " (\\S+)$").matcher(metrics);
            sum += line.find() ? (long) Double.parseDouble(line.group(1)) : 0;
        }
        return sum;
    }

    /** The actions the sample rules propose as internal (no contact, never capped). */
    private static Set<String> internalActions() throws IOException {
        Set<String> internal = new HashSet<>();
        try (var files = Files.list(Path.of("rules"))) {
            for (Path file : files.filter(path -> path.toString().endsWith(".drl")).toList()) {
                String drl = Files.readString(file);
                Matcher named = Pattern.compile("Candidate\\.internal\\(\"([^\"]+)\"").matcher(drl);
                while (named.find()) {
                    internal.add(named.group(1));
                }
                if (drl.contains("Candidate.salesAlert()")) {
                    internal.add("sales_alert");
                }
            }
        }
        assertThat(internal).isNotEmpty();
        return internal;
    }

    /** The lines of rules/caps.csv. */
    private static List<Cap> caps() throws IOException {
        List<Cap> caps = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("rules/caps.csv"))) {
            if (line.isBlank() || line.startsWith("#") || line.startsWith("scope,")) {
                continue;
            }
            String[] cells = line.split(",", 5);
            caps.add(new Cap(cells[0].trim(), cells[1].trim(), Integer.parseInt(cells[2].trim()), cells[3].trim(), cells[4].trim()));
        }
        assertThat(caps).isNotEmpty();
        return caps;
    }

    private record Answer(String customer, List<Sent> actions, long nanos) {
    }

    /** A customer-facing action answered, at the moment its answer arrived. */
    private record Sent(String actionId, String channel, String category, Instant at) {
        @Override
        public String toString() {
            return actionId + "/" + channel;
        }
    }

    /** One cap: at most {@code max} contacts of a scope in a rolling or local calendar window. */
    private record Cap(String scope, String appliesTo, int max, String window, String description) {
        /** How many contacts beyond the cap the worst window of any thing it counts holds. */
        int excess(List<Sent> sent) {
            Map<String, List<Sent>> byThing = sent.stream().filter(this::counts).collect(Collectors.groupingBy(this::thing));
            int worst = 0;
            for (List<Sent> contacts : byThing.values()) {
                worst = Math.max(worst, window.startsWith("local ") ? worstPeriod(contacts) : worstRolling(contacts));
            }
            return Math.max(0, worst - max);
        }

        private boolean counts(Sent contact) {
            String value = thing(contact);
            return value != null && (appliesTo.equals("*") || appliesTo.equals(value));
        }

        private String thing(Sent contact) {
            return switch (scope) {
                case "global" -> "all";
                case "channel" -> contact.channel();
                case "category" -> contact.category();
                case "action" -> contact.actionId();
                default -> throw new IllegalArgumentException("scope " + scope);
            };
        }

        private int worstRolling(List<Sent> contacts) {
            Duration length = Duration.of(Long.parseLong(window.substring(0, window.length() - 1)), switch (window.charAt(window.length() - 1)) {
                case 'm' -> ChronoUnit.MINUTES;
                case 'h' -> ChronoUnit.HOURS;
                case 'd' -> ChronoUnit.DAYS;
                case 'w' -> ChronoUnit.WEEKS;
                default -> throw new IllegalArgumentException("window " + window);
            });
            List<Instant> times = contacts.stream().map(Sent::at).sorted().toList();
            int worst = 0;
            for (int end = 0, start = 0; end < times.size(); end++) {
                while (!times.get(start).isAfter(times.get(end).minus(length))) {
                    start++;
                }
                worst = Math.max(worst, end - start + 1);
            }
            return worst;
        }

        private int worstPeriod(List<Sent> contacts) {
            Function<Sent, String> period = contact -> {
                LocalDate day = contact.at().atZone(PARIS).toLocalDate();
                return switch (window) {
                    case "local day" -> day.toString();
                    case "local week" -> day.get(IsoFields.WEEK_BASED_YEAR) + "-W" + day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
                    case "local month" -> day.getYear() + "-" + day.getMonthValue();
                    default -> throw new IllegalArgumentException("window " + window);
                };
            };
            return contacts.stream().collect(Collectors.groupingBy(period, Collectors.counting())).values().stream()
                    .mapToInt(Long::intValue).max().orElse(0);
        }
    }
}
