package io.nextbest.api;

import io.nextbest.events.EventIngest;
import io.nextbest.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Event feeds only: an unsubscribe among the events withdraws consent, which a website's decide key may not. */
@RolesAllowed({Roles.INGEST, Roles.ADMIN})
@Path("/v1/events")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class EventResource {
    private final EventIngest ingest;
    private final Validator validator;

    EventResource(EventIngest ingest, Validator validator) {
        this.ingest = ingest;
        this.validator = validator;
    }

    /** Stores the valid events (idempotent by id) and reports the others, each with its index and reason. */
    @POST
    public EventBatchResponse ingest(@Valid @NotNull EventBatchRequest batch) {
        List<EventIngest.CustomerEvent> valid = new ArrayList<>();
        List<EventBatchResponse.Rejection> rejections = new ArrayList<>();
        for (int i = 0; i < batch.events().size(); i++) {
            BatchEvent event = batch.events().get(i);
            if (event == null) {
                rejections.add(new EventBatchResponse.Rejection(i, null, "events[" + i + "]", "must not be null"));
                continue;
            }
            List<ConstraintViolation<BatchEvent>> violations = validator.validate(event).stream()
                    .sorted(Comparator.comparing(violation -> violation.getPropertyPath().toString()))
                    .toList();
            if (violations.isEmpty()) {
                valid.add(new EventIngest.CustomerEvent(event.customerId(), event.toIncoming()));
            } else {
                ConstraintViolation<BatchEvent> first = violations.get(0);
                rejections.add(new EventBatchResponse.Rejection(i, event.id(),
                        "events[" + i + "]." + first.getPropertyPath(), first.getMessage()));
            }
        }
        int stored = valid.isEmpty() ? 0 : ingest.ingest(valid);
        return new EventBatchResponse(stored, valid.size() - stored, rejections.size(), rejections);
    }
}
