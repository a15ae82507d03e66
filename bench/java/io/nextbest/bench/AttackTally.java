package io.nextbest.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What an attacker saw, counted by label ("404", "no answer", "closed by the server"...). The attack runs
 * until the benchmark stops it (SIGTERM, once the good client has finished), so the counts are printed by a
 * shutdown hook, on one line the benchmark puts in its table.
 */
final class AttackTally {
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    /** A tally printed as "name: label n, label n" when the JVM is stopped, followed by whatever {@code more} says. */
    static AttackTally printedAtExit(String name, Runnable more) {
        AttackTally tally = new AttackTally();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println(name + ": " + tally);
            more.run();
            System.out.flush();
        }));
        return tally;
    }

    static AttackTally printedAtExit(String name) {
        return printedAtExit(name, () -> { });
    }

    void count(String label) {
        counts.computeIfAbsent(label, any -> new LongAdder()).increment();
    }

    @Override
    public String toString() {
        StringBuilder line = new StringBuilder();
        new TreeMap<>(counts).forEach((label, count) ->
                line.append(line.isEmpty() ? "" : ", ").append(label).append(' ').append(count.sum()));
        return line.isEmpty() ? "nothing" : line.toString();
    }
}
