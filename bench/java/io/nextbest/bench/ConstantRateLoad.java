package io.nextbest.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * An open-model load generator: sends requests at a constant rate whatever the answers' latency, and
 * measures each from the moment it was due (so a stalled server shows in the tail instead of slowing the
 * client down, unlike closed-loop tools). Loopback only.
 * Usage: ConstantRateLoad PORT decision|trivial RATE SECONDS API_KEY CUSTOMERS
 */
public final class ConstantRateLoad {
    private ConstantRateLoad() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String target = args[1];
        int rate = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        String key = args[4];
        int customers = Integer.parseInt(args[5]);

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        Recorder recorder = new Recorder(3);
        AtomicLong errors = new AtomicLong();
        AtomicLong answered = new AtomicLong();
        long total = (long) rate * seconds;
        long intervalNanos = 1_000_000_000L / rate;
        long start = System.nanoTime() + 100_000_000L;
        for (long i = 0; i < total; i++) {
            long due = start + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            http.sendAsync(request(port, target, key, customers), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, failure) -> {
                        recorder.recordValue(Math.max(1, (System.nanoTime() - due) / 1_000));
                        answered.incrementAndGet();
                        if (failure != null || response.statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                    });
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (answered.get() < total && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        long lost = total - answered.get();
        Histogram histogram = recorder.getIntervalHistogram();
        System.out.printf("%s at %d/s for %d s: %d requests, %d errors, %d unanswered; latency ms p50 %.2f p99 %.2f p99.9 %.2f max %.2f%n",
                target, rate, seconds, total, errors.get(), lost,
                histogram.getValueAtPercentile(50) / 1000.0, histogram.getValueAtPercentile(99) / 1000.0,
                histogram.getValueAtPercentile(99.9) / 1000.0, histogram.getMaxValue() / 1000.0);
        System.exit(0);
    }

    private static HttpRequest request(int port, String target, String key, int customers) {
        if ("trivial".equals(target)) {
            return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/clock"))
                    .header("X-API-Key", key).timeout(Duration.ofSeconds(10)).GET().build();
        }
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/decisions"))
                .header("X-API-Key", key).header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(DecisionBodies.random(customers))).build();
    }
}
