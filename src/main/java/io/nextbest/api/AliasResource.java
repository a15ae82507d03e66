package io.nextbest.api;

import io.nextbest.profile.Identities;
import io.nextbest.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

@RolesAllowed(Roles.ADMIN)
@Path("/v1/customers/{id}/aliases")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AliasResource {
    private final Identities identities;

    AliasResource(Identities identities) {
        this.identities = identities;
    }

    /** Links an anonymous id to the customer: 201 when linked, 200 when it already was. */
    @POST
    public Response link(@PathParam("id") String customerId, @Valid @NotNull AliasRequest request) {
        if (request.alias().equals(customerId)) {
            throw new BadRequestException("A customer cannot be their own alias");
        }
        Map<String, String> body = Map.of("customerId", customerId, "alias", request.alias());
        return switch (identities.link(customerId, request.alias())) {
            case LINKED -> Response.status(Response.Status.CREATED).entity(body).build();
            case ALREADY_LINKED -> Response.ok(body).build();
            case UNKNOWN_CUSTOMER -> throw new NotFoundException("No known customer " + customerId);
            case ALIAS_OF_ANOTHER_CUSTOMER -> throw new ClientErrorException(
                    request.alias() + " is already linked to another customer", Response.Status.CONFLICT);
            case ALIAS_IS_A_KNOWN_CUSTOMER -> throw new ClientErrorException(
                    request.alias() + " is a known customer of its own, not an anonymous id", Response.Status.CONFLICT);
        };
    }
}
