package io.nextbest.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP link to a real server (Redis, PostgreSQL) that a test can make go silent: while silent it
 * still accepts connections but forwards nothing either way, as a hung server or a dropped network does, so
 * the client waits for its timeout. Or go down: every connection is closed at once, as by a server that
 * stopped. Restored, it closes every connection that lost bytes (their protocol stream is broken) and
 * forwards again; clients reconnect.
 */
public final class FaultyLink implements AutoCloseable {
    private final ServerSocket listener;
    private final int targetPort;
    private final List<Socket> silenced = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean silent;
    private volatile boolean down;
    private volatile long delayMillis;

    private FaultyLink(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptUntilClosed, "faulty-link-" + targetPort);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A link on a free loopback port to {@code 127.0.0.1:targetPort}. */
    public static FaultyLink to(int targetPort) throws IOException {
        return new FaultyLink(targetPort);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** From now on nothing gets through, and nothing is answered. */
    public void goSilent() {
        silent = true;
    }

    /** From now on every chunk of bytes, either way, waits {@code delay} before it is forwarded: a slow server. */
    public void slowDown(java.time.Duration delay) {
        delayMillis = delay.toMillis();
    }

    /** From now on every connection is closed: those open now, and each new one as soon as it is made. */
    public void goDown() {
        down = true;
        open.forEach(FaultyLink::closeQuietly);
        open.clear();
    }

    /** Forwards again; connections that lost bytes meanwhile are closed. */
    public void restore() {
        down = false;
        silent = false;
        delayMillis = 0;
        silenced.forEach(FaultyLink::closeQuietly);
        silenced.clear();
    }

    @Override
    public void close() {
        closeQuietly(listener);
        open.forEach(FaultyLink::closeQuietly);
    }

    private void acceptUntilClosed() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                if (down) {
                    closeQuietly(client);
                    continue;
                }
                open.add(client);
                if (silent) {
                    silenced.add(client); // held open, never answered
                    continue;
                }
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(server);
                pump(client, server);
                pump(server, client);
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread pump = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                    if (silent) {
                        silenced.add(from);
                        silenced.add(to);
                        continue; // dropped
                    }
                    long delay = delayMillis;
                    if (delay > 0) {
                        Thread.sleep(delay);
                    }
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException broken) {
                // one side closed: close both
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "faulty-link-pump");
        pump.setDaemon(true);
        pump.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // already closed
        }
    }
}
