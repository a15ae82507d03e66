package io.nextbest.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Attack: one client floods POST /v1/decisions with bad input over CONNECTIONS connections at full speed,
 * in turn: malformed JSON, an overlong UTF-8 sequence, a time given as a string of digits, and a body of
 * 256 KB (the most the service takes) whose customer id is all of it. Every one should cost a 400 and little
 * else. Usage: BadInput PORT API_KEY CONNECTIONS; runs until stopped, then prints the answers by status.
 */
public final class BadInput {
    private static final int LARGEST_BODY = 256 * 1024;

    private BadInput() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(args[0]);
        String key = args[1];
        int connections = Integer.parseInt(args[2]);
        List<byte[]> requests = bodies().stream().map(body -> LoopbackHttp.post(port, "/v1/decisions", key, body)).toList();
        AtomicLong next = new AtomicLong();
        ClosedLoopAttack.run(port, connections, () -> requests.get((int) (next.getAndIncrement() % requests.size())),
                AttackTally.printedAtExit("bad input, answers"));
        ClosedLoopAttack.untilStopped();
    }

    private static List<byte[]> bodies() {
        return List.of(
                utf8("{\"customerId\": \"bench-1\", \"channel\": \"web\", \"events\": [{\"type\": "),
                overlongSlash(),
                utf8("{\"customerId\": \"bench-1\", \"channel\": \"web\", \"at\": \"20261207101500\"}"),
                largest());
    }

    /** "/" as the two bytes C0 AF: decoders that accept it let a slash past a check for one. */
    private static byte[] overlongSlash() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(utf8("{\"customerId\": \"bench-1"));
        body.write(0xC0);
        body.write(0xAF);
        body.writeBytes(utf8("..\", \"channel\": \"web\"}"));
        return body.toByteArray();
    }

    private static byte[] largest() {
        String head = "{\"customerId\": \"";
        String tail = "\", \"channel\": \"web\"}";
        return utf8(head + "x".repeat(LARGEST_BODY - head.length() - tail.length()) + tail);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
