package io.nextbest.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real headless Chromium driven over the DevTools protocol: navigate, click, pick files, read the page,
 * take screenshots. Only loopback pages; background networking is off.
 */
final class HeadlessChromium implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final Process process;
    private final Path profile;
    private final WebSocket page;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    static Path executable() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        return null;
    }

    HeadlessChromium() throws Exception {
        profile = Files.createTempDirectory("nextbest-chromium");
        process = new ProcessBuilder(executable().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--window-size=1280,1800", "--remote-debugging-port=0",
                "--user-data-dir=" + profile, "about:blank")
                .redirectErrorStream(true).start();
        String browserUrl = awaitDevtoolsUrl();
        String port = URI.create(browserUrl).getPort() + "";
        page = connect(pageTarget(port));
    }

    private String awaitDevtoolsUrl() throws IOException {
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String line;
        while (System.nanoTime() < deadline && (line = output.readLine()) != null) {
            Matcher matcher = DEVTOOLS.matcher(line);
            if (matcher.find()) {
                Thread drain = new Thread(() -> output.lines().forEach(ignored -> { }));
                drain.setDaemon(true);
                drain.start();
                return matcher.group(1);
            }
        }
        throw new IllegalStateException("Chromium did not start its DevTools endpoint");
    }

    private static String pageTarget(String port) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        for (int attempt = 0; attempt < 50; attempt++) {
            String list = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (JsonNode target : JSON.readTree(list)) {
                if ("page".equals(target.path("type").asText())) {
                    return target.path("webSocketDebuggerUrl").asText();
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("Chromium opened no page");
    }

    private WebSocket connect(String url) throws Exception {
        return HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(url), new WebSocket.Listener() {
            private final StringBuilder message = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                message.append(data);
                if (last) {
                    try {
                        JsonNode reply = JSON.readTree(message.toString());
                        CompletableFuture<JsonNode> waiting = reply.has("id") ? pending.remove(reply.get("id").asInt()) : null;
                        if (waiting != null) {
                            waiting.complete(reply);
                        }
                    } catch (IOException ignored) {
                        // not a protocol message
                    }
                    message.setLength(0);
                }
                socket.request(1);
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
    }

    JsonNode send(String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        ObjectNode command = JSON.createObjectNode().put("id", id).put("method", method);
        command.set("params", JSON.valueToTree(params));
        page.sendText(JSON.writeValueAsString(command), true).get(10, TimeUnit.SECONDS);
        JsonNode answer = reply.get(30, TimeUnit.SECONDS);
        if (answer.has("error")) {
            throw new IllegalStateException(method + " failed: " + answer.get("error"));
        }
        return answer.path("result");
    }

    void open(String url) throws Exception {
        send("Page.navigate", Map.of("url", url));
    }

    /** Evaluates JavaScript in the page and returns its value as text (awaiting promises). */
    String evaluate(String expression) throws Exception {
        JsonNode result = send("Runtime.evaluate", Map.of("expression", expression, "awaitPromise", true,
                "returnByValue", true));
        return result.path("result").path("value").asText(null);
    }

    /** Waits until the expression is truthy, and returns its text. */
    String await(String expression, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String value = evaluate(expression);
            if (value != null && !value.isEmpty() && !"false".equals(value) && !"null".equals(value)) {
                return value;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("The page never showed: " + expression + "\nPage text:\n"
                + evaluate("document.body.innerText"));
    }

    void click(String selector) throws Exception {
        evaluate("document.querySelector(" + JSON.writeValueAsString(selector) + ").click()");
    }

    void pickFiles(String selector, Path... files) throws Exception {
        int root = send("DOM.getDocument", Map.of()).path("root").path("nodeId").asInt();
        int input = send("DOM.querySelector", Map.of("nodeId", root, "selector", selector)).path("nodeId").asInt();
        send("DOM.setFileInputFiles", Map.of("nodeId", input,
                "files", java.util.Arrays.stream(files).map(file -> file.toAbsolutePath().toString()).toList()));
    }

    Path screenshot(Path target) throws Exception {
        String png = send("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true)).path("data").asText();
        Files.createDirectories(target.getParent());
        Files.write(target, Base64.getDecoder().decode(png));
        return target;
    }

    @Override
    public void close() throws IOException {
        page.abort();
        process.destroy();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        // Chromium's helper processes can outlive the browser by a moment and still write to the profile: a
        // file vanishing under the walk is retried, and a profile left in the temp folder fails no test.
        for (int attempt = 0; attempt < 5 && Files.exists(profile); attempt++) {
            try (var paths = Files.walk(profile)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException | java.io.UncheckedIOException stillWritten) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
