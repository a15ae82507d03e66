package io.nextbest.api;

import io.nextbest.AdjustableClock;
import io.nextbest.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * The service's clock. Reading it is always allowed; moving it only where {@code nextbest.clock.adjustable}
 * is set (tests that let days pass for journeys and deliveries), never in production.
 */
@RolesAllowed(Roles.ADMIN)
@Path("/v1/clock")
@Produces(MediaType.APPLICATION_JSON)
public class ClockResource {
    private final Clock clock;

    ClockResource(Clock clock) {
        this.clock = clock;
    }

    public record ClockView(Instant now, boolean adjustable, String offset) {
    }

    public record ClockChange(@NotNull OffsetDateTime now) {
    }

    @GET
    public ClockView read() {
        return clock instanceof AdjustableClock adjustable
                ? new ClockView(clock.instant(), true, adjustable.offset().toString())
                : new ClockView(clock.instant(), false, null);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public ClockView move(@Valid @NotNull ClockChange change) {
        adjustable().moveTo(change.now().toInstant());
        return read();
    }

    @DELETE
    public ClockView reset() {
        adjustable().reset();
        return read();
    }

    private AdjustableClock adjustable() {
        if (clock instanceof AdjustableClock adjustable) {
            return adjustable;
        }
        throw new NotFoundException("This service's clock cannot be moved (nextbest.clock.adjustable is off)");
    }
}
