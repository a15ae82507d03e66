package io.nextbest.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nextbest.profile.CustomerErasure;
import io.nextbest.profile.ProfileService;
import io.nextbest.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.UncheckedIOException;
import java.util.Set;

@RolesAllowed(Roles.ADMIN)
@Path("/v1/customers/{id}")
@Produces(MediaType.APPLICATION_JSON)
public class CustomerResource {
    static final String MERGE_PATCH = "application/merge-patch+json";

    private final ProfileService profiles;
    private final CustomerErasure erasure;
    private final ObjectMapper json;
    private final Validator validator;

    CustomerResource(ProfileService profiles, CustomerErasure erasure, ObjectMapper json, Validator validator) {
        this.profiles = profiles;
        this.erasure = erasure;
        this.json = json;
        this.validator = validator;
    }

    /** Creates or replaces the profile: 201 when it is new, 200 when it replaced one. */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Response replace(@PathParam("id") @CustomerId String id, @Valid @NotNull CustomerRequest request) {
        boolean created = profiles.replace(id, request.toData());
        return Response.status(created ? Response.Status.CREATED : Response.Status.OK)
                .entity(get(id))
                .build();
    }

    /** Changes only the fields sent (JSON Merge Patch: null removes a field or a key of consents, scores, attributes). */
    @PATCH
    @Consumes({MERGE_PATCH, MediaType.APPLICATION_JSON})
    public CustomerResponse patch(@PathParam("id") String id, @NotNull JsonNode patch) {
        // RFC 7396 lets any other value replace the whole document; a profile is an object, so only an object patches it.
        if (!patch.isObject()) {
            throw new BadRequestException("A merge patch of a customer profile is a JSON object");
        }
        return profiles.update(id, current -> {
                    JsonNode merged = MergePatch.apply(json.valueToTree(CustomerRequest.from(current)), patch);
                    CustomerRequest changed = read(merged);
                    Set<ConstraintViolation<CustomerRequest>> violations = validator.validate(changed);
                    if (!violations.isEmpty()) {
                        throw new ConstraintViolationException(violations);
                    }
                    return changed.toData();
                })
                .map(CustomerResponse::from)
                .orElseThrow(() -> notFound(id));
    }

    @GET
    public CustomerResponse get(@PathParam("id") String id) {
        return profiles.find(id).map(CustomerResponse::from).orElseThrow(() -> notFound(id));
    }

    /** Erases the customer: profile, events, contact history. 204, or 404 when nothing was stored. */
    @DELETE
    public Response erase(@PathParam("id") String id) {
        if (!erasure.erase(id)) {
            throw notFound(id);
        }
        return Response.noContent().build();
    }

    private CustomerRequest read(JsonNode merged) {
        try {
            return json.treeToValue(merged, CustomerRequest.class);
        } catch (JsonProcessingException wrongShape) {
            throw new UncheckedIOException(wrongShape);
        }
    }

    private static NotFoundException notFound(String id) {
        return new NotFoundException("No customer profile with id " + id);
    }
}
