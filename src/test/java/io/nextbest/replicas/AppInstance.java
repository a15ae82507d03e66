package io.nextbest.replicas;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One replica of the packaged service, started as its own process on a loopback port. */
final class AppInstance implements AutoCloseable {
    private final Process process;
    final int port;
    /** What the replica wrote to its console. */
    final Path log;

    private AppInstance(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts the packaged jar with the test profile's PostgreSQL and Redis, without wiping the database. */
    static AppInstance start(int port, String... extraProperties) throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("nextbest.app.jar", "target/quarkus-app/quarkus-run.jar"));
        return start(port, jar, Path.of("."), Map.of(), List.of(), extraProperties);
    }

    /**
     * Starts a jar from a working directory with extra environment variables and JVM options (the way a
     * container image runs it), with the test profile's PostgreSQL and Redis.
     */
    static AppInstance start(int port, Path jar, Path workingDirectory, Map<String, String> environment,
                             List<String> jvmOptions, String... extraProperties) throws IOException, InterruptedException {
        // The replicas run the test profile: the tests call them as its admin.
        io.nextbest.support.TestApiKeys.callAsAdmin();
        if (!Files.exists(jar)) {
            throw new IllegalStateException("Package the application first: " + jar + " is missing");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvmOptions);
        command.addAll(List.of(
                "-Dquarkus.profile=test",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.flyway.clean-at-start=false",
                "-Xmx512m"));
        command.addAll(List.of(extraProperties));
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
        Path log = Files.createTempFile("nextbest-replica-" + port, ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        AppInstance instance = new AppInstance(process, port, log);
        instance.awaitReady(Duration.ofSeconds(60), log);
        return instance;
    }

    private void awaitReady(Duration timeout, Path log) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Replica on port " + port + " exited:\n" + Files.readString(log));
            }
            try {
                HttpResponse<Void> ready = client.send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + port + "/q/health/ready")).build(), HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        close();
        throw new IllegalStateException("Replica on port " + port + " not ready in " + timeout + ":\n" + Files.readString(log));
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Kills the replica at once (SIGKILL): no shutdown hook, no draining, as when a node dies. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
