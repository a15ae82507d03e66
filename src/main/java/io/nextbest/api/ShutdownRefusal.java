package io.nextbest.api;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * From the moment the process is told to stop (SIGTERM), requests that would change something are refused
 * with 503 before they take effect. Requests already in flight are answered (Quarkus waits for them for
 * {@code quarkus.shutdown.timeout}), but Quarkus still lets new requests in while it drains, and one that
 * arrives as the server closes would be carried out with nobody left to answer: its client would not know
 * that its events were stored and its contact reserved. Refused here, it is sent again, to another replica.
 */
@ApplicationScoped
public class ShutdownRefusal {
    private static final Set<String> CHANGING = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

    private volatile boolean stopping;
    private Thread signalled;

    void start(@Observes StartupEvent started) {
        // A JVM shutdown hook runs as soon as SIGTERM arrives, before Quarkus begins to drain requests.
        signalled = new Thread(() -> stopping = true, "shutdown-refusal");
        Runtime.getRuntime().addShutdownHook(signalled);
    }

    void stop(@Observes ShutdownEvent stopped) {
        stopping = true;
        try {
            Runtime.getRuntime().removeShutdownHook(signalled);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the JVM is exiting: the hook has run
        }
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> refuseChangesWhileStopping(ContainerRequestContext request) {
        if (!stopping || !CHANGING.contains(request.getMethod())) {
            return Optional.empty();
        }
        Problem problem = Problem.of("shutting-down", "Shutting down", 503,
                "This replica is stopping and took nothing of this request; send it again");
        return Optional.of(Response.status(503).type(Problem.MEDIA_TYPE).entity(problem)
                .header("Retry-After", "1").header("Connection", "close").build());
    }
}
