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
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A caller holding a decide key opens more connections than the service has worker threads and sends their bodies
 * a byte at a time: other callers' decisions are answered meanwhile, and each slow body is cut off at the body
 * deadline (nextbest.http.body-deadline, 5 s in the test profile) with a 408.
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
        // Half to the decisions, half to the event feed, whose endpoint blocks a worker thread while it runs.
        for (int i = 0; i < SLOW_SENDERS; i++) {
            slow.add(startSlowBody(i % 2 == 0 ? "/v1/decisions" : "/v1/events"));
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
        Socket socket = startSlowBody("/v1/decisions");
        slow.add(socket);
        long started = System.nanoTime();
        socket.setSoTimeout(20_000);

        String answer = readAnswer(socket);

        assertThat(answer).startsWith("HTTP/1.1 408").contains("application/problem+json").contains("body-too-slow");
        assertThat((System.nanoTime() - started) / 1_000_000).as("ms until cut off").isBetween(4_000L, 15_000L);
        assertThat(socket.getInputStream().read()).as("the connection is closed").isEqualTo(-1);
    }

    /** Headers announcing 1,000 bytes, then 16 of them: the rest never comes. */
    private Socket startSlowBody(String path) throws IOException {
        Socket socket = new Socket(base.getHost(), base.getPort());
        String request = "POST " + path + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\nX-API-Key: "
                + TestApiKeys.DECIDE_KEY + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
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
