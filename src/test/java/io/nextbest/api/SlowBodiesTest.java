package io.nextbest.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.nextbest.support.TestApiKeys;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Slow senders: more connections than the service has worker threads, each sending its body a byte at a time, do
 * not hold up other callers' decisions; each slow body is cut off at the body deadline (nextbest.http.body-deadline,
 * 5 s in the test profile) with a 408; and one key cannot have more requests under way than a replica takes from
 * one caller (nextbest.http.max-in-flight-per-key, 48 in the test profile).
 */
@QuarkusTest
class SlowBodiesTest {
    /** More than the worker pool's 200 threads. */
    private static final int SLOW_SENDERS = 300;

    @TestHTTPResource("/")
    URI base;

    private final List<Socket> slow = new ArrayList<>();

    @AfterEach
    void closeSlowSenders() throws IOException {
        for (Socket socket : slow) {
            socket.close();
        }
    }

    @Test
    void decisionsAreAnsweredWhileHundredsOfBodiesTrickleIn() throws IOException {
        // Half to the decisions, half to the event feed, whose endpoint blocks a worker thread while it runs; each
        // with a key of its own (unknown ones: the body is read before the key is checked), so none is over its share.
        for (int i = 0; i < SLOW_SENDERS; i++) {
            slow.add(startSlowBody(i % 2 == 0 ? "/v1/decisions" : "/v1/events", "slow-sender-" + i));
        }

        given().header("X-API-Key", TestApiKeys.DECIDE_KEY).contentType(ContentType.JSON)
                .body("{\"customerId\": \"patient-" + System.nanoTime() + "\", \"events\": [{\"type\": \"page_viewed\"}]}")
                .post("/v1/decisions").then().statusCode(200);

        // Answered while every slow body was still coming: none has been cut off yet.
        for (Socket socket : slow) {
            socket.setSoTimeout(1);
            assertThat(readAnswer(socket)).as("a slow body's connection, before the deadline").isEmpty();
        }
    }

    @Test
    void aBodyStillComingAtTheDeadlineIsRefusedWith408AndItsConnectionClosed() throws IOException {
        Socket socket = startSlowBody("/v1/decisions", TestApiKeys.DECIDE_KEY);
        slow.add(socket);
        long started = System.nanoTime();
        socket.setSoTimeout(20_000);

        String answer = readAnswer(socket);

        assertThat(answer).startsWith("HTTP/1.1 408").contains("application/problem+json").contains("body-too-slow");
        assertThat((System.nanoTime() - started) / 1_000_000).as("ms until cut off").isBetween(4_000L, 15_000L);
        assertThat(socket.getInputStream().read()).as("the connection is closed").isEqualTo(-1);
    }

    @Test
    void aKeyWithAsManyRequestsUnderWayAsAReplicaTakesIsRefusedWhileOtherKeysAreAnswered() throws IOException {
        // More than the key's 48: the replica takes 48 and refuses the others, each 429 written within a second. Once
        // it has refused them all, the share is full of slow senders, whichever order their headers were read in.
        for (int i = 0; i < 60; i++) {
            slow.add(startSlowBody("/v1/decisions", TestApiKeys.DECIDE_KEY));
        }
        Set<Socket> refused = new HashSet<>();
        long refusedBy = System.nanoTime() + 4_000_000_000L;
        while (refused.size() < 12 && System.nanoTime() < refusedBy) {
            for (Socket socket : slow) {
                socket.setSoTimeout(1);
                if (!refused.contains(socket) && readAnswer(socket).startsWith("HTTP/1.1 429")) {
                    refused.add(socket);
                }
            }
        }
        assertThat(refused).as("slow senders refused beyond the key's share").hasSizeGreaterThanOrEqualTo(12);
        String decision = "{\"customerId\": \"patient-" + System.nanoTime() + "\"}";

        given().header("X-API-Key", TestApiKeys.DECIDE_KEY).contentType(ContentType.JSON).body(decision)
                .post("/v1/decisions").then().statusCode(429).contentType("application/problem+json")
                .header("Retry-After", "1");
        given().header("X-API-Key", TestApiKeys.ADMIN_KEY).contentType(ContentType.JSON).body(decision)
                .post("/v1/decisions").then().statusCode(200);

        // A request whose client went away is no longer under way: the key has its share back at once.
        closeSlowSenders();
        slow.clear();
        long until = System.nanoTime() + 3_000_000_000L;
        int status;
        do {
            status = given().header("X-API-Key", TestApiKeys.DECIDE_KEY).contentType(ContentType.JSON).body(decision)
                    .post("/v1/decisions").then().extract().statusCode();
        } while (status == 429 && System.nanoTime() < until);
        assertThat(status).isEqualTo(200);
    }

    /** Headers announcing 1,000 bytes, then 16 of them: the rest never comes. */
    private Socket startSlowBody(String path, String key) throws IOException {
        Socket socket = new Socket(base.getHost(), base.getPort());
        String request = "POST " + path + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\nX-API-Key: "
                + key + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
                + "{\"customerId\": \"";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    /** What the service has written on the connection until it closes it, or nothing within the socket's timeout. */
    private static String readAnswer(Socket socket) throws IOException {
        StringBuilder answer = new StringBuilder();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int read; (read = in.read(buffer)) > 0; ) {
                answer.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
                if (answer.indexOf("\r\n\r\n") > 0 && answer.toString().contains("}")) {
                    break; // headers and the JSON body
                }
            }
        } catch (SocketTimeoutException nothingYet) {
            // nothing more within the timeout
        }
        return answer.toString();
    }
}
