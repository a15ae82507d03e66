package io.nextbest.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * An open-model load generator (as wrk2 does it): requests fall due at a constant rate whatever the
 * answers' latency, a fixed set of kept-alive connections sends them, and each is measured from the
 * moment it was due, so a stalled server shows in the tail (a request waiting for a free connection
 * counts its wait) instead of slowing the client down. Loopback only; plain HTTP/1.1 on blocking
 * sockets, which costs the shared CPU far less than a general-purpose client.
 * Usage: ConstantRateLoad PORT decision|trivial RATE SECONDS API_KEY CUSTOMERS [CONNECTIONS, default 32]
 * With SERIES=file in the environment it also writes one line per second (epoch ms, answers, p50, p99, max
 * in ms), to see when in a run the tail grows, e.g. against the moments of a reload. With SUMMARY=file it
 * writes the run's figures there on one line for a script to tabulate: requests, errors (non-200 answers and
 * timeouts), unanswered, answers slower than 1 s, then p50, p99, p99.9 and max in ms.
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
        int connections = args.length > 6 ? Integer.parseInt(args[6]) : 32;

        Recorder recorder = new Recorder(3);
        Recorder perSecond = new Recorder(3);
        AtomicLong errors = new AtomicLong();
        AtomicLong answered = new AtomicLong();
        BlockingQueue<Long> due = new LinkedBlockingQueue<>();
        long total = (long) rate * seconds;
        List<Thread> senders = new ArrayList<>();
        String series = System.getenv("SERIES");
        if (series != null && !series.isBlank()) {
            writeSeries(Path.of(series), perSecond);
        }
        for (int c = 0; c < connections; c++) {
            Thread sender = new Thread(() -> send(port, target, key, customers, due, recorder, perSecond, answered, errors), "sender-" + c);
            sender.setDaemon(true);
            sender.start();
            senders.add(sender);
        }
        long intervalNanos = 1_000_000_000L / rate;
        long start = System.nanoTime() + 100_000_000L;
        for (long i = 0; i < total; i++) {
            long at = start + i * intervalNanos;
            long wait = at - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            due.add(at);
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (answered.get() < total && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        long lost = total - answered.get();
        Histogram histogram = recorder.getIntervalHistogram();
        System.out.printf("%s at %d/s for %d s over %d connections: %d requests, %d errors, %d unanswered; latency ms p50 %.2f p99 %.2f p99.9 %.2f max %.2f%n",
                target, rate, seconds, connections, total, errors.get(), lost,
                histogram.getValueAtPercentile(50) / 1000.0, histogram.getValueAtPercentile(99) / 1000.0,
                histogram.getValueAtPercentile(99.9) / 1000.0, histogram.getMaxValue() / 1000.0);
        String summary = System.getenv("SUMMARY");
        if (summary != null && !summary.isBlank()) {
            Files.writeString(Path.of(summary), String.format("%d %d %d %d %.2f %.2f %.2f %.2f%n", total, errors.get(), lost,
                    histogram.getTotalCount() - histogram.getCountBetweenValues(0, 1_000_000),
                    histogram.getValueAtPercentile(50) / 1000.0, histogram.getValueAtPercentile(99) / 1000.0,
                    histogram.getValueAtPercentile(99.9) / 1000.0, histogram.getMaxValue() / 1000.0));
        }
        System.exit(0);
    }

    private static void writeSeries(Path file, Recorder perSecond) throws IOException {
        PrintWriter out = new PrintWriter(Files.newBufferedWriter(file), true);
        Thread writer = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException stopped) {
                    return;
                }
                Histogram second = perSecond.getIntervalHistogram();
                out.printf("%d %d %.2f %.2f %.2f%n", System.currentTimeMillis(), second.getTotalCount(),
                        second.getValueAtPercentile(50) / 1000.0, second.getValueAtPercentile(99) / 1000.0,
                        second.getMaxValue() / 1000.0);
            }
        }, "series");
        writer.setDaemon(true);
        writer.start();
    }

    /** One kept-alive connection: takes the next due request, sends it, reads the whole answer. */
    private static void send(int port, String target, String key, int customers, BlockingQueue<Long> due,
                             Recorder recorder, Recorder perSecond, AtomicLong answered, AtomicLong errors) {
        Socket socket = null;
        InputStream answers = null;
        while (true) {
            long at;
            try {
                at = due.take();
            } catch (InterruptedException stopped) {
                return;
            }
            boolean ok;
            try {
                if (socket == null) {
                    socket = LoopbackHttp.connect(port, 10_000);
                    answers = new BufferedInputStream(socket.getInputStream());
                }
                OutputStream out = socket.getOutputStream();
                out.write(request(port, target, key, customers));
                out.flush();
                ok = LoopbackHttp.readAnswer(answers) == 200;
            } catch (IOException failed) {
                ok = false;
                LoopbackHttp.closeQuietly(socket);
                socket = null;
            }
            long micros = Math.max(1, (System.nanoTime() - at) / 1_000);
            recorder.recordValue(micros);
            perSecond.recordValue(micros);
            answered.incrementAndGet();
            if (!ok) {
                errors.incrementAndGet();
            }
        }
    }

    private static byte[] request(int port, String target, String key, int customers) {
        if ("trivial".equals(target)) {
            return ("GET /v1/clock HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nX-API-Key: " + key + "\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8);
        }
        return LoopbackHttp.post(port, "/v1/decisions", key, DecisionBodies.random(customers).getBytes(StandardCharsets.UTF_8));
    }
}
