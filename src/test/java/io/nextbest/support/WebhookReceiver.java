package io.nextbest.support;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A connector's webhook, inside the test application: records what it receives, and can be made to fail. */
@PermitAll
@Path("/test-webhooks/{channel}")
public class WebhookReceiver {
    public record Received(String channel, String idempotencyKey, String body) {
    }

    public static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    /** How many of the next push notifications answer 503 (other channels carry on, as other tests send them). */
    public static final AtomicInteger FAIL_NEXT = new AtomicInteger();

    @POST
    public Response receive(@PathParam("channel") String channel, @HeaderParam("Idempotency-Key") String key, String body) {
        if ("push".equals(channel) && FAIL_NEXT.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return Response.status(503).build();
        }
        RECEIVED.add(new Received(channel, key, body));
        return Response.accepted().build();
    }
}
