package io.nextbest.api;

import io.nextbest.delivery.Delivery;
import io.nextbest.delivery.Outbox;
import io.nextbest.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;

/** The outbox: what is waiting, delivered or failed, and retrying a failed delivery. */
@RolesAllowed(Roles.ADMIN)
@Path("/v1/deliveries")
@Produces(MediaType.APPLICATION_JSON)
public class DeliveryResource {
    private final Outbox outbox;

    DeliveryResource(Outbox outbox) {
        this.outbox = outbox;
    }

    public record DeliveryView(String id, String decisionId, String customerId, String actionId, String channel,
                               Instant sendAt, String status, int attempts, Instant nextAttemptAt, String lastError,
                               Instant deliveredAt) {
        static DeliveryView of(Delivery d) {
            return new DeliveryView(d.id, d.decisionId, d.customerId, d.actionId, d.channel, d.sendAt, d.status,
                    d.attempts, d.nextAttemptAt, d.lastError, d.deliveredAt);
        }
    }

    @GET
    public List<DeliveryView> list(@QueryParam("status") @DefaultValue("FAILED") String status) {
        if (!List.of(Delivery.PENDING, Delivery.DELIVERED, Delivery.FAILED).contains(status)) {
            throw new jakarta.ws.rs.BadRequestException("status must be PENDING, DELIVERED or FAILED");
        }
        return outbox.list(status, 500).stream().map(DeliveryView::of).toList();
    }

    @POST
    @Path("/{id}/retry")
    public void retry(@PathParam("id") String id) {
        if (!outbox.retry(id)) {
            throw new NotFoundException("No delivery " + id);
        }
    }
}
