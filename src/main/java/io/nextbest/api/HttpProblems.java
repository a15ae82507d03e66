package io.nextbest.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Problems found before JAX-RS sees a request, answered as problem+json like every other error (the HTTP
 * layer's own answers have an empty body):
 * <ul>
 * <li>a body over {@code quarkus.http.limits.max-body-size}. Quarkus refuses one announced by its
 * Content-Length in a route of its own (order -2); this route comes first and answers the same way, then
 * closes the connection. A body sent in chunks (no Content-Length) is read here, up to the limit, rather
 * than by RESTEasy Reactive, which would answer the same 413 empty and then fail to write the error it
 * raises;</li>
 * <li>a request the router fails as a client error (400 for one without a Host header), which Quarkus would
 * answer with its own JSON.</li>
 * </ul>
 */
@ApplicationScoped
class HttpProblems {
    /** Before Quarkus's own body size check. */
    static final int ORDER = -3;
    private static final Logger LOG = Logger.getLogger(HttpProblems.class);
    /** How much of a refused body is read (and dropped) before the connection is closed anyway. */
    static final long DRAIN_LIMIT = 8 * 1024 * 1024;
    private static final Set<HttpMethod> WITH_BODY = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);

    private final long maxBodySize;
    private final ObjectMapper json;

    /** @param maxBodySize Quarkus's default unless configured */
    HttpProblems(@ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize maxBodySize,
                 ObjectMapper json) {
        this.maxBodySize = maxBodySize.asLongValue();
        this.json = json;
    }

    void install(@Observes Router router) {
        BodyHandler chunks = BodyHandler.create(false).setBodyLimit(maxBodySize).setMergeFormAttributes(false);
        router.route().order(ORDER)
                .handler(context -> checkBodySize(context, maxBodySize, chunks))
                .failureHandler(context -> failed(context, maxBodySize));
    }

    /** A request the router failed: a client error is answered here; anything else goes on to Quarkus, which logs it. */
    private void failed(RoutingContext context, long max) {
        int status = context.statusCode();
        if (context.response().ended() || context.response().closed()) {
            // Answered already: a body over the limit, then the connection closed under the rest of it.
            LOG.debugf("%s %s failed after its answer: %s", context.request().method(), context.request().path(),
                    context.failure());
        } else if (status == 413) {
            tooLarge(context, "The body is over " + max + " bytes, the most this service reads");
        } else if (status >= 400 && status < 500) {
            String reason = HttpResponseStatus.valueOf(status).reasonPhrase();
            respond(context, Problem.of(reason.toLowerCase(Locale.ROOT).replace(' ', '-'), reason, status,
                    status == 400 ? "The request is not valid HTTP (it needs a Host header, and a path that decodes)" : reason));
        } else {
            context.next();
        }
    }

    private void checkBodySize(RoutingContext context, long max, BodyHandler chunks) {
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            if (WITH_BODY.contains(context.request().method())) {
                chunks.handle(context);
            } else {
                context.next();
            }
        } else if (isOver(length, max)) {
            tooLarge(context, "The body has " + length.strip() + " bytes; this service reads at most " + max);
        } else {
            context.next();
        }
    }

    /** A Content-Length that is not a number is left to the HTTP server, which refuses it. */
    private static boolean isOver(String length, long max) {
        try {
            return Long.parseLong(length.strip()) > max;
        } catch (NumberFormatException notANumber) {
            return false;
        }
    }

    /**
     * Answers at once, then closes the connection (HTTP/1.x) once the client has sent the rest of the body, read
     * and dropped here up to {@link #DRAIN_LIMIT}: closing a connection the client is still writing to resets it,
     * often before the client has read the answer.
     */
    private void tooLarge(RoutingContext context, String detail) {
        HttpServerRequest request = context.request();
        boolean http1 = request.version() != HttpVersion.HTTP_2;
        if (http1) {
            context.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
        Future<Void> answered = respond(context, Problem.of("body-too-large", "Body too large", 413, detail));
        if (!http1) {
            return;
        }
        Runnable close = () -> answered.onComplete(written -> request.connection().close());
        if (request.isEnded()) {
            close.run();
            return;
        }
        AtomicLong dropped = new AtomicLong();
        request.handler(data -> {
            if (dropped.addAndGet(data.length()) > DRAIN_LIMIT) {
                close.run();
            }
        });
        request.endHandler(end -> close.run());
        request.resume();
    }

    private Future<Void> respond(RoutingContext context, Problem problem) {
        if (context.response().ended()) {
            return Future.succeededFuture();
        }
        try {
            return context.response().setStatusCode(problem.status())
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .end(json.writeValueAsString(problem));
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
