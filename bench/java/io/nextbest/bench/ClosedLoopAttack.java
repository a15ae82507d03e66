package io.nextbest.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.util.function.Supplier;

/**
 * An attacker at full speed: CONNECTIONS kept-alive connections, each sending its next request as soon as
 * the previous one is answered, until the JVM is stopped. Answers are counted by status; a connection the
 * server closes or that gets no answer in 10 s counts as "no answer" and is opened again, after 10 ms so that a
 * refused connection does not spin on the cores the service needs.
 */
final class ClosedLoopAttack {
    private ClosedLoopAttack() {
    }

    static void run(int port, int connections, Supplier<byte[]> requests, AttackTally tally) {
        for (int c = 0; c < connections; c++) {
            Thread sender = new Thread(() -> sendForever(port, requests, tally), "attacker-" + c);
            sender.setDaemon(true);
            sender.start();
        }
    }

    private static void sendForever(int port, Supplier<byte[]> requests, AttackTally tally) {
        Socket socket = null;
        InputStream answers = null;
        while (true) {
            try {
                if (socket == null) {
                    socket = LoopbackHttp.connect(port, 10_000);
                    answers = new BufferedInputStream(socket.getInputStream());
                }
                socket.getOutputStream().write(requests.get());
                tally.count(Integer.toString(LoopbackHttp.readAnswer(answers)));
                tally.underway();
            } catch (IOException failed) {
                tally.count("no answer");
                LoopbackHttp.closeQuietly(socket);
                socket = null;
                pause();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        }
    }

    /** Keeps the JVM running until the benchmark stops it; the senders are daemons. */
    static void untilStopped() throws InterruptedException {
        Thread.currentThread().join();
    }
}
