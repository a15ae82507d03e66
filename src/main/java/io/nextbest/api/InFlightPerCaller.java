package io.nextbest.api;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Each caller (each API key) has at most {@code nextbest.http.max-in-flight-per-key} requests under way on a
 * replica: one that opens hundreds of connections and sends as fast as it is answered would otherwise fill the
 * worker threads and the database pool every other caller's decisions need. A request over the limit is refused
 * before its body is read, with a 429 that is written only after {@code nextbest.http.refusal-delay}, and its
 * connection closed: a client that retries at once is slowed to the pace of that delay instead of spinning on
 * cheap refusals, and the wait costs a timer, not a thread.
 */
@ApplicationScoped
class InFlightPerCaller {
    static final int ORDER = HttpProblems.ORDER - 2;

    private final int limit;
    private final Duration refusalDelay;
    private final Vertx vertx;
    private final ConcurrentHashMap<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    InFlightPerCaller(@ConfigProperty(name = "nextbest.http.max-in-flight-per-key", defaultValue = "32") int limit,
                      @ConfigProperty(name = "nextbest.http.refusal-delay", defaultValue = "1s") Duration refusalDelay,
                      Vertx vertx) {
        this.limit = limit;
        this.refusalDelay = refusalDelay;
        this.vertx = vertx;
    }

    void install(@Observes Router router) {
        router.route("/v1/*").order(ORDER).handler(this::admit);
    }

    private void admit(RoutingContext context) {
        String key = callerKey(context);
        if (key == null) {
            context.next(); // answered 401 without a worker thread's work
            return;
        }
        AtomicInteger count = inFlight.compute(key, (k, current) -> {
            AtomicInteger counted = current != null ? current : new AtomicInteger();
            counted.incrementAndGet();
            return counted;
        });
        if (count.get() > limit) {
            release(key);
            refuse(context);
            return;
        }
        context.addEndHandler(ended -> release(key));
        context.next();
    }

    /** The key as sent: an unknown one is refused later (401), and counted meanwhile like any other. */
    private static String callerKey(RoutingContext context) {
        String key = context.request().getHeader("X-API-Key");
        if (key == null) {
            String authorization = context.request().getHeader(HttpHeaders.AUTHORIZATION);
            key = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                    ? authorization.substring(7).strip() : null;
        }
        return key == null || key.isEmpty() ? null : key;
    }

    private void release(String key) {
        inFlight.computeIfPresent(key, (k, count) -> count.decrementAndGet() <= 0 ? null : count);
    }

    private void refuse(RoutingContext context) {
        context.request().pause(); // its body is never read
        vertx.setTimer(refusalDelay.toMillis(), fired -> {
            if (context.response().closed() || context.response().ended()) {
                return;
            }
            boolean http1 = context.request().version() != HttpVersion.HTTP_2;
            if (http1) {
                context.response().putHeader(HttpHeaders.CONNECTION, "close"); // its body was never read
            }
            context.response().setStatusCode(429)
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader("Retry-After", String.valueOf(Math.max(1, refusalDelay.toSeconds())))
                    .end(TOO_MANY)
                    .onComplete(written -> {
                        if (http1) {
                            context.request().connection().close();
                        }
                    });
        });
    }

    private static final String TOO_MANY = "{\"type\":\"/problems/too-many-requests\",\"title\":\"Too many requests\","
            + "\"status\":429,\"detail\":\"This API key has as many requests under way as a replica takes from one caller;"
            + " nothing of this one was read or stored: wait for an answer before sending more\"}";
}
