package io.nextbest.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * What an attacker saw, counted by label ("404", "no answer", "closed by the server"...). The attack runs
 * until the benchmark stops it (SIGTERM, once the good client has finished), so the counts are printed by a
 * shutdown hook, on one line the benchmark puts in its table.
 */
final class AttackTally {
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final AtomicBoolean underway = new AtomicBoolean();

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

    /**
     * Says, once, that the attack is at full strength (its JVM started, its connections open, answers coming): the
     * benchmark starts measuring the good client then, so that what it measures is the attack, not the attacker's
     * own JVM starting on the cores the service shares.
     */
    void underway() {
        if (underway.compareAndSet(false, true)) {
            System.out.println("underway");
            System.out.flush();
        }
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
