package io.nextbest.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Recorder;

/**
 * The soak: decisions at a constant rate (open model, like {@link ConstantRateLoad}), each with an event of
 * its own id that the soak rule answers with an email and a push, while the script around it reloads the
 * rules and restarts Redis. Every answer is kept; afterwards the database and Redis are checked against
 * them: events of answered decisions that are missing (lost), customers sent more than the caps allow
 * (over-sent), contacts counted in Redis against contacts answered, decision records missing. Loopback only.
 * Usage: SoakLoad PORT API_KEY RATE SECONDS RUN CUSTOMERS REDIS_PORT JDBC_URL
 * Exits 1 when anything was lost or over-sent.
 */
public final class SoakLoad {
    /** The sample caps the soak rule's actions run into (rules/caps.csv): 3 emails in 7 days, 1 push a local day. */
    private static final Map<String, Integer> CAPS = Map.of("email", 3, "push", 1);
    private static final ObjectMapper JSON = new ObjectMapper();

    private SoakLoad() {
    }

    /** One request's answer; {@code heldBack}: contacts held back because the contact store could not be read. */
    private record Outcome(int status, String customer, String eventId, String decisionId, List<String> contacts, boolean heldBack) {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String key = args[1];
        int rate = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        String run = args[4];
        int customers = Integer.parseInt(args[5]);
        int redisPort = Integer.parseInt(args[6]);
        String jdbcUrl = args[7];

        ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        Recorder latency = new Recorder(3);
        BlockingQueue<Long> due = new LinkedBlockingQueue<>();
        AtomicLong sequence = new AtomicLong();
        for (int c = 0; c < 16; c++) {
            Thread sender = new Thread(() -> send(port, key, run, customers, due, sequence, latency, outcomes), "soak-" + c);
            sender.setDaemon(true);
            sender.start();
        }
        long total = (long) rate * seconds;
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime() + 100_000_000L;
        long nextReport = start + 10_000_000_000L;
        for (long i = 0; i < total; i++) {
            long at = start + i * interval;
            long wait = at - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            due.add(at);
            if (System.nanoTime() > nextReport) {
                nextReport += 10_000_000_000L;
                var slice = latency.getIntervalHistogram();
                System.out.printf("  %3d s: %d answered, p99 %.1f ms, statuses so far %s%n", (System.nanoTime() - start) / 1_000_000_000L,
                        outcomes.size(), slice.getValueAtPercentile(99) / 1000.0, statuses(outcomes));
            }
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (outcomes.size() < total && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        System.exit(verify(new ArrayList<>(outcomes), total, customers, run, redisPort, jdbcUrl) ? 0 : 1);
    }

    private static boolean verify(List<Outcome> outcomes, long total, int customers, String run, int redisPort,
                                  String jdbcUrl) throws Exception {
        Map<String, Integer> byStatus = statuses(outcomes);
        long answered = outcomes.stream().filter(outcome -> outcome.status() == 200).count();
        System.out.printf("Decisions: %d sent, %d answered 200, by status %s, error rate %.3f %%; %d answered while Redis was away (contacts held back)%n",
                total, answered, byStatus, 100.0 * (total - answered) / total, outcomes.stream().filter(Outcome::heldBack).count());

        // Events: an answered decision's event must be stored; a refused one's must not.
        Set<String> storedEvents = new HashSet<>(select(jdbcUrl, "select id from customer_event where id like ?", run + "-%"));
        long lost = outcomes.stream().filter(o -> o.status() == 200 && !storedEvents.contains(o.eventId())).count();
        long storedForRefused = outcomes.stream().filter(o -> o.status() != 200 && storedEvents.contains(o.eventId())).count();

        // Records are written off the request path: give the writer a moment.
        Set<String> answeredDecisions = new HashSet<>();
        outcomes.stream().filter(o -> o.decisionId() != null).forEach(o -> answeredDecisions.add(o.decisionId()));
        long recordsMissing = answeredDecisions.size();
        for (int attempt = 0; attempt < 30 && recordsMissing > 0; attempt++) {
            Thread.sleep(attempt == 0 ? 0 : 1_000);
            Set<String> stored = new HashSet<>(select(jdbcUrl,
                    "select id from decision_record where request like ?", "%" + run + "-%"));
            recordsMissing = answeredDecisions.stream().filter(id -> !stored.contains(id)).count();
        }

        // Caps: per customer and channel, what the answers sent, and what Redis counted.
        Map<String, Map<String, Integer>> sent = new HashMap<>();
        for (Outcome outcome : outcomes) {
            for (String channel : outcome.contacts()) {
                sent.computeIfAbsent(outcome.customer(), c -> new HashMap<>()).merge(channel, 1, Integer::sum);
            }
        }
        long overSent = 0;
        long answeredContacts = 0;
        long countedContacts = 0;
        for (int i = 0; i < customers; i++) {
            String customer = "bench-" + i;
            Map<String, Integer> channels = sent.getOrDefault(customer, Map.of());
            for (Map.Entry<String, Integer> channel : channels.entrySet()) {
                answeredContacts += channel.getValue();
                if (channel.getValue() > CAPS.getOrDefault(channel.getKey(), Integer.MAX_VALUE)) {
                    overSent++;
                    System.out.printf("  over-sent: %s got %d %s%n", customer, channel.getValue(), channel.getKey());
                }
            }
            countedContacts += zcard(redisPort, "nb:{" + customer + "}:contacts");
        }
        System.out.printf("Lost events: %d; events stored for refused decisions: %d; decision records missing: %d%n",
                lost, storedForRefused, recordsMissing);
        System.out.printf("Over-sent caps: %d (customers x channels over 3 emails or 1 push); contacts answered %d, counted in Redis %d%n",
                overSent, answeredContacts, countedContacts);
        return lost == 0 && overSent == 0 && recordsMissing == 0 && storedForRefused == 0;
    }

    private static Map<String, Integer> statuses(Iterable<Outcome> outcomes) {
        Map<String, Integer> byStatus = new TreeMap<>();
        for (Outcome outcome : outcomes) {
            byStatus.merge(outcome.status() == 0 ? "io-error" : String.valueOf(outcome.status()), 1, Integer::sum);
        }
        return byStatus;
    }

    private static void send(int port, String key, String run, int customers, BlockingQueue<Long> due, AtomicLong sequence,
                             Recorder latency, ConcurrentLinkedQueue<Outcome> outcomes) {
        Socket socket = null;
        InputStream in = null;
        while (true) {
            long at;
            try {
                at = due.take();
            } catch (InterruptedException stopped) {
                return;
            }
            long n = sequence.incrementAndGet();
            String customer = "bench-" + ThreadLocalRandom.current().nextInt(customers);
            String eventId = run + "-" + n;
            // On the service's clock: a real decision's "at" may not be more than 2 minutes off it.
            String body = "{\"customerId\": \"" + customer + "\", \"limit\": 2, \"events\": "
                    + "[{\"id\": \"" + eventId + "\", \"type\": \"soak_probe\", \"attributes\": {\"n\": \"" + (n % 4) + "\"}}]}";
            Outcome outcome;
            try {
                if (socket == null) {
                    socket = LoopbackHttp.connect(port, 15_000);
                    in = new BufferedInputStream(socket.getInputStream());
                }
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                OutputStream out = socket.getOutputStream();
                out.write(("POST /v1/decisions HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: " + key
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                out.write(bytes);
                out.flush();
                outcome = read(in, customer, eventId);
            } catch (IOException failed) {
                LoopbackHttp.closeQuietly(socket);
                socket = null;
                outcome = new Outcome(0, customer, eventId, null, List.of(), false);
            }
            latency.recordValue(Math.max(1, (System.nanoTime() - at) / 1_000));
            outcomes.add(outcome);
        }
    }

    private static Outcome read(InputStream in, String customer, String eventId) throws IOException {
        String status = LoopbackHttp.line(in);
        int length = 0;
        for (String header = LoopbackHttp.line(in); !header.isEmpty(); header = LoopbackHttp.line(in)) {
            if (header.regionMatches(true, 0, "content-length:", 0, 15)) {
                length = Integer.parseInt(header.substring(15).trim());
            }
        }
        byte[] body = in.readNBytes(length);
        int code = Integer.parseInt(status.split(" ")[1]);
        if (code != 200) {
            return new Outcome(code, customer, eventId, null, List.of(), false);
        }
        JsonNode decision = JSON.readTree(body);
        List<String> contacts = new ArrayList<>();
        decision.path("actions").forEach(action -> contacts.add(action.path("channel").asText()));
        boolean heldBack = false;
        for (JsonNode suppressed : decision.path("suppressed")) {
            heldBack |= "CAPS_UNAVAILABLE".equals(suppressed.path("reason").asText());
        }
        return new Outcome(code, customer, eventId, decision.path("decisionId").asText(), contacts, heldBack);
    }

    private static List<String> select(String jdbcUrl, String sql, String parameter) throws Exception {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, System.getenv().getOrDefault("PGUSER", "postgres"), "");
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            List<String> values = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            return values;
        }
    }

    /** ZCARD in Redis' own protocol: one short connection per customer, after the load. */
    private static long zcard(int port, String key) throws IOException {
        try (Socket redis = new Socket("127.0.0.1", port)) {
            redis.getOutputStream().write(("*2\r\n$5\r\nZCARD\r\n$" + key.getBytes(StandardCharsets.UTF_8).length + "\r\n"
                    + key + "\r\n").getBytes(StandardCharsets.UTF_8));
            String reply = LoopbackHttp.line(new BufferedInputStream(redis.getInputStream()));
            return Long.parseLong(reply.substring(1));
        }
    }
}
