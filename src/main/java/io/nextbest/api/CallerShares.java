package io.nextbest.api;

import io.nextbest.security.ApiKeyAuthenticationMechanism;
import io.nextbest.security.ApiKeys;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Each caller's share of a replica: an API key has at most {@code nextbest.http.max-in-flight-per-key} requests
 * under way and sends at most {@code nextbest.http.max-rate-per-key} a second (a second's worth may come at once),
 * a request with a large body counting as one more for every {@value #BODY_BYTES_PER_REQUEST} bytes of it: reading
 * and parsing a 256 KiB body costs about what sixty ordinary requests do.
 * A caller that opens hundreds of connections and sends again as soon as it is answered would otherwise fill the
 * worker threads, the database pool and the cores every other caller's decisions need. A request over either limit
 * is refused before its body is read, with a 429 written only after {@code nextbest.http.refusal-delay}: a client
 * that retries at once is slowed to that pace instead of spinning on cheap refusals, and the wait costs a timer,
 * not a thread. The pause grows with the key's refusals still pending (one more delay for every max-in-flight of
 * them), up to {@code nextbest.http.max-refusal-delay}: a thousand connections reopened as soon as they are closed
 * would otherwise cost the replica a thousand new connections a second. Each pause is drawn between half and all of
 * that delay ({@link RefusalPause}), so that refusals made together are not answered together.
 * A request answered with a client error (4xx but 429) takes {@code nextbest.http.client-error-cost} times its
 * weight of the rate in all: a caller sending malformed bodies or outcomes for decisions that do not exist gets a
 * tenth of the rate a well-behaved one gets, and one sending 256 KiB of malformed JSON about one a second.
 * Keys are told apart once verified, so only the configured keys have a share; a request with another key goes on
 * to be refused 401.
 */
@ApplicationScoped
class CallerShares {
    static final int ORDER = HttpProblems.ORDER - 2;
    static final int BODY_BYTES_PER_REQUEST = 4096;
    private static final long MOST_BODY_BYTES = 256 * 1024;

    private final int maxInFlight;
    private final double maxRate;
    private final Duration refusalDelay;
    private final Duration maxRefusalDelay;
    private final int clientErrorCost;
    private final ApiKeys keys;
    private final Vertx vertx;
    private final ConcurrentHashMap<String, Share> shares = new ConcurrentHashMap<>();

    CallerShares(@ConfigProperty(name = "nextbest.http.max-in-flight-per-key", defaultValue = "32") int maxInFlight,
                 @ConfigProperty(name = "nextbest.http.max-rate-per-key", defaultValue = "500") double maxRate,
                 @ConfigProperty(name = "nextbest.http.refusal-delay", defaultValue = "1s") Duration refusalDelay,
                 @ConfigProperty(name = "nextbest.http.max-refusal-delay", defaultValue = "10s") Duration maxRefusalDelay,
                 @ConfigProperty(name = "nextbest.http.client-error-cost", defaultValue = "10") int clientErrorCost,
                 ApiKeys keys, Vertx vertx) {
        this.maxInFlight = maxInFlight;
        this.maxRate = maxRate;
        this.refusalDelay = refusalDelay;
        this.maxRefusalDelay = maxRefusalDelay.compareTo(refusalDelay) < 0 ? refusalDelay : maxRefusalDelay;
        this.clientErrorCost = Math.max(1, clientErrorCost);
        this.keys = keys;
        this.vertx = vertx;
    }

    void install(@Observes Router router) {
        router.route("/v1/*").order(ORDER).handler(this::admit);
    }

    private void admit(RoutingContext context) {
        String caller = callerName(context);
        if (caller == null) {
            context.next();
            return;
        }
        Share share = shares.computeIfAbsent(caller, name -> new Share(maxInFlight, maxRate));
        int weight = weight(context);
        String refused = share.admit(System.nanoTime(), weight);
        if (refused != null) {
            refuse(context, share, refused);
            return;
        }
        context.addEndHandler(ended -> {
            share.done();
            int status = context.response().getStatusCode();
            if (status >= 400 && status < 500 && status != 429) {
                share.charge((clientErrorCost - 1) * weight);
            }
        });
        context.next();
    }

    /** One, and one more for every {@link #BODY_BYTES_PER_REQUEST} bytes its Content-Length announces. */
    private static int weight(RoutingContext context) {
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        try {
            // A body over the size limit is refused (413) at once, after this: it weighs no more than the largest read.
            return length == null ? 1 : 1 + (int) Math.min(MOST_BODY_BYTES, Long.parseLong(length.strip())) / BODY_BYTES_PER_REQUEST;
        } catch (NumberFormatException notANumber) {
            return 1; // refused by the HTTP server
        }
    }

    /** The name of the configured key the request carries, or null (no key, or one refused later). */
    private String callerName(RoutingContext context) {
        String key = ApiKeyAuthenticationMechanism.presentedKey(context);
        return key == null ? null : keys.verify(key).map(ApiKeys.Caller::name).orElse(null);
    }

    private void refuse(RoutingContext context, Share share, String why) {
        context.request().pause(); // its body is never read
        Duration delay = refusalDelay.multipliedBy(1 + share.refusing() / maxInFlight);
        Duration pause = delay.compareTo(maxRefusalDelay) > 0 ? maxRefusalDelay : delay;
        vertx.setTimer(Math.max(1, RefusalPause.drawnFrom(pause).toMillis()), fired -> {
            share.refused();
            if (context.response().closed() || context.response().ended()) {
                return;
            }
            boolean http1 = context.request().version() != HttpVersion.HTTP_2;
            if (http1) {
                context.response().putHeader(HttpHeaders.CONNECTION, "close"); // the body was never read
            }
            context.response().setStatusCode(429)
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader("Retry-After", String.valueOf(Math.max(1, pause.toSeconds())))
                    .end("{\"type\":\"/problems/too-many-requests\",\"title\":\"Too many requests\",\"status\":429,"
                            + "\"detail\":\"" + why + "; nothing of this request was read or stored: send it again later\"}")
                    .onComplete(written -> {
                        if (http1) {
                            context.request().connection().close();
                        }
                    });
        });
    }

    /** One key's requests under way, and its rate as a bucket of tokens refilled continuously. */
    static final class Share {
        private final int maxInFlight;
        private final double maxRate;
        private int inFlight;
        /** Refusals whose 429 is still to be written. */
        private int refusing;
        private double tokens;
        private long refilledAt;

        Share(int maxInFlight, double maxRate) {
            this.maxInFlight = maxInFlight;
            this.maxRate = maxRate;
            this.tokens = maxRate;
            this.refilledAt = System.nanoTime();
        }

        /**
         * @param cost how many requests' worth of the rate this one takes
         * @return null when admitted (then {@link #done()} must follow), else why not
         */
        synchronized String admit(long now, int cost) {
            tokens = Math.min(maxRate, tokens + (now - refilledAt) / 1e9 * maxRate);
            refilledAt = now;
            if (inFlight >= maxInFlight) {
                return "This API key has " + maxInFlight + " requests under way on this replica, as many as it takes from one caller";
            }
            if (tokens < Math.min(cost, maxRate)) {
                return "This API key sent more than " + Math.round(maxRate) + " requests a second to this replica, as many as it takes from one caller";
            }
            tokens -= cost;
            inFlight++;
            return null;
        }

        synchronized void done() {
            inFlight--;
        }

        /**
         * Takes more of the rate after the fact; the key may owe up to a second's worth, which it waits out before
         * it is admitted again.
         */
        synchronized void charge(int cost) {
            tokens = Math.max(-maxRate, tokens - cost);
        }

        /** @return the refusals already pending before this one */
        synchronized int refusing() {
            return refusing++;
        }

        synchronized void refused() {
            refusing--;
        }
    }
}
