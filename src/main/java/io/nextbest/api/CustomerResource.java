package io.nextbest.api;

import io.nextbest.profile.ProfileService;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

@Path("/v1/customers/{id}")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class CustomerResource {
    private final ProfileService profiles;

    CustomerResource(ProfileService profiles) {
        this.profiles = profiles;
    }

    /** Creates or replaces the profile: 201 when it is new, 200 when it replaced one. */
    @PUT
    public Response replace(@PathParam("id") @Size(min = 1, max = 128) String id, @Valid @NotNull CustomerRequest request) {
        boolean created = profiles.replace(id, request.toData());
        return Response.status(created ? Response.Status.CREATED : Response.Status.OK)
                .entity(get(id))
                .build();
    }

    @GET
    public CustomerResponse get(@PathParam("id") String id) {
        return profiles.find(id).map(CustomerResponse::from)
                .orElseThrow(() -> new NotFoundException("No customer profile with id " + id));
    }
}
