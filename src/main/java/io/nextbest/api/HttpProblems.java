package io.nextbest.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Problems found before JAX-RS sees a request, answered as problem+json like every other error (the HTTP
 * layer's own answers have an empty body):
 * <ul>
 * <li>a body over {@code quarkus.http.limits.max-body-size}. Quarkus refuses one announced by its
 * Content-Length in a route of its own (order -2); this route comes first and answers the same way, then
 * closes the connection. Any other body is read here, on the event loop, up to the limit;</li>
 * <li>an HTTP/1 body that does not arrive within {@code nextbest.http.body-deadline} (default 10 s) of its headers:
 * 408, and the connection is closed. Bodies are read on the event loop, so a slow sender holds no worker thread; without
 * a deadline, a thousand connections trickling a byte now and then would still keep their requests, and their
 * buffers, for ever;</li>
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
    private static final String BODY_READ = "nextbest.bodyRead";
    private static final Set<HttpMethod> WITH_BODY = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);

    private final long maxBodySize;
    private final Duration bodyDeadline;
    private final ObjectMapper json;
    private final Vertx vertx;

    /** @param maxBodySize Quarkus's default unless configured */
    HttpProblems(@ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize maxBodySize,
                 @ConfigProperty(name = "nextbest.http.body-deadline", defaultValue = "10s") Duration bodyDeadline,
                 ObjectMapper json, Vertx vertx) {
        this.maxBodySize = maxBodySize.asLongValue();
        this.bodyDeadline = bodyDeadline;
        this.json = json;
        this.vertx = vertx;
    }

    void install(@Observes Router router) {
        BodyHandler bodies = BodyHandler.create(false).setBodyLimit(maxBodySize).setMergeFormAttributes(false);
        router.route().order(ORDER)
                .handler(context -> checkBodySize(context, maxBodySize, bodies))
                .failureHandler(context -> failed(context, maxBodySize));
    }

    /** RESTEasy Reactive has the request, so its body has been read: the body deadline has nothing left to do. */
    @ServerRequestFilter(preMatching = true)
    void bodyRead(RoutingContext context) {
        context.put(BODY_READ, Boolean.TRUE);
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

    /**
     * A body within the limit is read here, on the event loop, before RESTEasy Reactive sees the request: it would
     * read the body of a blocking endpoint on the worker thread it runs on, so a few hundred slow senders could
     * hold every worker. A body sent in chunks (no Content-Length) is read here up to the limit too; RESTEasy
     * Reactive would answer 413 empty, then fail to write the error it raises. Left to RESTEasy Reactive: a request
     * that has ended (one upgraded to HTTP/2 brought its body with its headers) and an HTTP/2 stream, which it cannot
     * take read here (HTTP/2's flow control holds a slow stream's sender back; it has no body deadline).
     */
    private void checkBodySize(RoutingContext context, long max, BodyHandler bodies) {
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && isOver(length, max)) {
            tooLarge(context, "The body has " + length.strip() + " bytes; this service reads at most " + max);
        } else if (WITH_BODY.contains(context.request().method()) && !isEmpty(length) && !context.request().isEnded()
                && context.request().version() != HttpVersion.HTTP_2) {
            readBody(context, bodies);
        } else {
            context.next();
        }
    }

    /**
     * Reads the body here, with a deadline: a timer, cancelled when the answer is written, that looks once when it
     * fires whether the whole body has come (RESTEasy Reactive has the request). Only a body read here has one.
     */
    private void readBody(RoutingContext context, BodyHandler bodies) {
        long timer = vertx.setTimer(bodyDeadline.toMillis(), fired -> {
            if (context.get(BODY_READ) == null && !context.response().ended()) {
                tooSlow(context);
            }
        });
        context.addEndHandler(ended -> vertx.cancelTimer(timer));
        bodies.handle(context);
    }

    /** Answers 408 and closes the connection: what is left of the body is never read. */
    private void tooSlow(RoutingContext context) {
        HttpServerRequest request = context.request();
        context.response().putHeader(HttpHeaders.CONNECTION, "close");
        respond(context, Problem.of("body-too-slow", "Body too slow", 408, "The body did not arrive within "
                + bodyDeadline.toMillis() + " ms of the request's headers"))
                .onComplete(written -> request.connection().close());
    }

    /** An empty body is there already: RESTEasy Reactive, handed one read here, would wait for it for ever. */
    private static boolean isEmpty(String length) {
        return length != null && length.strip().equals("0");
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
