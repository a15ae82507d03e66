package io.nextbest.security;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * API keys in {@code X-API-Key: <key>} or {@code Authorization: Bearer <key>}. A request without a key is
 * anonymous, and every API endpoint refuses anonymous callers, unless the service runs open (the
 * embedded demo profile), where an anonymous caller holds every role.
 */
@ApplicationScoped
public class ApiKeyAuthenticationMechanism implements HttpAuthenticationMechanism {
    private static final Logger LOG = Logger.getLogger(ApiKeyAuthenticationMechanism.class);
    static final String HEADER = "X-API-Key";
    private static final String BEARER = "bearer ";

    private final boolean open;
    private final SecurityIdentity openAccess = QuarkusSecurityIdentity.builder()
            .setPrincipal(new QuarkusPrincipal("open-access")).addRoles(Set.copyOf(Roles.ALL)).build();

    ApiKeyAuthenticationMechanism(SecurityConfig config) {
        this.open = config.open();
        if (open) {
            LOG.warn("nextbest.security.open is on: every caller is an admin without a key. Never run this in production.");
        }
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        String key = presentedKey(context);
        if (key == null) {
            return open ? Uni.createFrom().item(openAccess) : Uni.createFrom().optional(java.util.Optional.empty());
        }
        return identities.authenticate(HttpSecurityUtils.setRoutingContextAttribute(new ApiKeyRequest(key), context));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ApiKeyRequest.class);
    }

    /** The key a request carries, in {@code X-API-Key} or as a bearer token; null when none. */
    public static String presentedKey(RoutingContext context) {
        String key = context.request().getHeader(HEADER);
        if (key != null && !key.isBlank()) {
            return key.trim();
        }
        String authorization = context.request().getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            String bearer = authorization.substring(BEARER.length()).trim();
            return bearer.isEmpty() ? null : bearer;
        }
        return null;
    }
}
