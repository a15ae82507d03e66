package io.nextbest.api;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** /console without the trailing slash goes to the page (served from META-INF/resources/console/). */
@PermitAll
@Path("/console")
public class ConsoleResource {
    @GET
    public Response console() {
        return Response.seeOther(URI.create("/console/")).build();
    }
}
