package io.nextbest.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP proxy in front of PostgreSQL that can make it slow on demand: the service connects to
 * LISTEN_PORT, the proxy to TARGET_PORT. A line "DELAY_MS SECONDS" on CONTROL_PORT makes every chunk
 * PostgreSQL sends back wait DELAY_MS before it is passed on, for SECONDS; the proxy then answers that line
 * with what it delayed. Only answers are delayed, not queries: a database that answers 200 ms a chunk,
 * as in issue 24, while the service's side is as fast as ever.
 * Usage: SlowDatabaseProxy LISTEN_PORT TARGET_PORT CONTROL_PORT; runs until stopped.
 */
public final class SlowDatabaseProxy {
    private final int targetPort;
    private volatile long slowUntilNanos = System.nanoTime();
    private volatile long delayMillis;
    private final AtomicLong delayedChunks = new AtomicLong();
    private final AtomicInteger connections = new AtomicInteger();

    private SlowDatabaseProxy(int targetPort) {
        this.targetPort = targetPort;
    }

    public static void main(String[] args) throws IOException {
        SlowDatabaseProxy proxy = new SlowDatabaseProxy(Integer.parseInt(args[1]));
        ServerSocket control = loopbackServer(Integer.parseInt(args[2]));
        ServerSocket service = loopbackServer(Integer.parseInt(args[0]));
        daemon("control", () -> proxy.obey(control));
        // The benchmark waits for this line before it starts the service.
        System.out.printf("Proxy listening on %s for PostgreSQL on %s, control on %s%n", args[0], args[1], args[2]);
        proxy.accept(service);
    }

    private static ServerSocket loopbackServer(int port) throws IOException {
        return new ServerSocket(port, 128, InetAddress.getLoopbackAddress());
    }

    private void accept(ServerSocket server) throws IOException {
        while (true) {
            Socket service = server.accept();
            Socket database;
            try {
                database = new Socket(InetAddress.getLoopbackAddress(), targetPort);
            } catch (IOException refused) {
                LoopbackHttp.closeQuietly(service);
                continue;
            }
            service.setTcpNoDelay(true);
            database.setTcpNoDelay(true);
            connections.incrementAndGet();
            daemon("to-database", () -> pump(service, database, false));
            daemon("to-service", () -> pump(database, service, true));
        }
    }

    /** Copies one direction until either side closes, then closes both. */
    private void pump(Socket from, Socket to, boolean answers) {
        byte[] chunk = new byte[64 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int read = in.read(chunk); read >= 0; read = in.read(chunk)) {
                if (answers && System.nanoTime() < slowUntilNanos) {
                    TimeUnit.MILLISECONDS.sleep(delayMillis);
                    delayedChunks.incrementAndGet();
                }
                out.write(chunk, 0, read);
            }
        } catch (IOException | InterruptedException closed) {
            // one side went away: so does the other
        } finally {
            LoopbackHttp.closeQuietly(from);
            LoopbackHttp.closeQuietly(to);
            if (answers) {
                connections.decrementAndGet();
            }
        }
    }

    /** One command at a time: "DELAY_MS SECONDS", answered once the slowness is over. */
    private void obey(ServerSocket control) {
        while (true) {
            try (Socket commander = control.accept()) {
                String[] command = new BufferedReader(new InputStreamReader(commander.getInputStream(),
                        StandardCharsets.US_ASCII)).readLine().trim().split("\\s+");
                long seconds = Long.parseLong(command[1]);
                long chunksBefore = delayedChunks.get();
                delayMillis = Long.parseLong(command[0]);
                slowUntilNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
                TimeUnit.SECONDS.sleep(seconds);
                new PrintWriter(commander.getOutputStream(), true, StandardCharsets.US_ASCII).printf(
                        "%d answer chunks delayed %d ms each over %d s, %d connections to PostgreSQL%n",
                        delayedChunks.get() - chunksBefore, delayMillis, seconds, connections.get());
            } catch (IOException | RuntimeException badCommand) {
                System.err.println("Control: " + badCommand);
            } catch (InterruptedException stopped) {
                return;
            }
        }
    }

    private static void daemon(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
    }
}
