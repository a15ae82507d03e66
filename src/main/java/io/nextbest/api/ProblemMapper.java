package io.nextbest.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.nextbest.database.DatabaseErrors;
import io.nextbest.database.DatabaseUnavailableException;
import io.nextbest.decision.CallerClockException;
import io.nextbest.decision.DeadlineExceededException;
import io.nextbest.decision.NoActiveRulesetException;
import io.nextbest.decision.RuleFailedException;
import io.nextbest.decision.RunawayRulesException;
import io.nextbest.events.EventsNotStoredException;
import io.nextbest.events.EventsRejectedException;
import io.nextbest.rules.BuildInProgressException;
import io.nextbest.rules.CanaryRollout;
import io.nextbest.rules.RulesetRejectedException;
import io.quarkus.security.AuthenticationFailedException;
import io.smallrye.mutiny.Uni;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpClosedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The one place errors become responses: always problem+json, never a stack trace. */
public class ProblemMapper {
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
    /** Read once: the mapper outlives every request it answers. */
    private final Duration busyDelay = ConfigProvider.getConfig()
            .getOptionalValue("nextbest.http.refusal-delay", Duration.class).orElse(Duration.ofSeconds(1));

    @ServerExceptionMapper
    public Response invalidRequest(ConstraintViolationException violations) {
        List<Problem.FieldError> errors = violations.getConstraintViolations().stream()
                .map(violation -> new Problem.FieldError(fieldOf(violation), violation.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String fields = String.join(", ", errors.stream().map(Problem.FieldError::field).distinct().toList());
        return respond(Problem.of("invalid-request", "Invalid request", 400, "Invalid value for " + fields)
                .withErrors(errors));
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException error) {
        if (error instanceof StrictUtf8.MalformedUtf8 notUtf8) {
            return respond(Problem.of("malformed-json", "Malformed JSON", 400, notUtf8.getOriginalMessage()));
        }
        if (error instanceof JsonParseException parse) {
            return respond(Problem.of("malformed-json", "Malformed JSON", 400, "The body is not valid JSON at line "
                    + parse.getLocation().getLineNr() + ", column " + parse.getLocation().getColumnNr()));
        }
        String field = error instanceof JsonMappingException mapping ? pathOf(mapping) : "";
        String message = error instanceof UnrecognizedPropertyException ? "is not a known field"
                : error instanceof RequestJson.RejectedValue rejected ? rejected.getOriginalMessage()
                : "has the wrong type or format";
        return respond(Problem.of("invalid-request", "Invalid request", 400,
                        (field.isEmpty() ? "The body " : "Field " + field + " ") + message)
                .withErrors(List.of(new Problem.FieldError(field.isEmpty() ? "body" : field, message))));
    }

    /** Declared apart so it wins over the Jackson extension's own mapper for this narrower type. */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException error) {
        return unreadableJson(error);
    }

    /** A merge patch that leaves the profile in the wrong shape arrives wrapped. */
    @ServerExceptionMapper
    public Response wrappedJson(java.io.UncheckedIOException error) {
        if (error.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json);
        }
        return unexpected(error);
    }

    @ServerExceptionMapper
    public Response invalidParameter(InvalidParameterException invalid) {
        return respond(Problem.of("invalid-request", "Invalid request", 400, "Invalid value for " + invalid.parameter())
                .withErrors(List.of(new Problem.FieldError(invalid.parameter(), invalid.getMessage()))));
    }

    @ServerExceptionMapper
    public Response callerClock(CallerClockException skewed) {
        return respond(Problem.of("invalid-request", "Invalid request", 400, "Invalid value for " + CallerClockException.FIELD)
                .withErrors(List.of(new Problem.FieldError(CallerClockException.FIELD, skewed.getMessage()))));
    }

    @ServerExceptionMapper
    public Response httpError(WebApplicationException error) {
        Response.StatusType status = error.getResponse().getStatusInfo();
        if (error.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json);
        }
        if (error.getCause() != null) {
            // Wrapping something that failed: its message is the wrapped exception's, for the log.
            LOG.debugf("Answered %d: %s", status.getStatusCode(), causes(error));
            return respond(Problem.of(slug(status.getReasonPhrase()), status.getReasonPhrase(), status.getStatusCode(),
                    status.getReasonPhrase()));
        }
        return respond(Problem.of(slug(status.getReasonPhrase()), status.getReasonPhrase(), status.getStatusCode(),
                error.getMessage()));
    }

    @ServerExceptionMapper
    public Response rulesRejected(RulesetRejectedException rejected) {
        return respond(Problem.of("rules-rejected", "The rules were rejected", 422,
                rejected.problems().size() + " problem(s) in the rule files; the active ruleset is unchanged")
                .withProblems(rejected.problems()));
    }

    /** Refused rather than queued without end: a build can take minutes, a caller (a CI script) should not hang on it. */
    @ServerExceptionMapper
    public Response buildInProgress(BuildInProgressException busy) {
        long seconds = Math.max(0, java.time.Duration.between(busy.running().since(), java.time.Instant.now()).toSeconds());
        return Response.fromResponse(respond(Problem.of("build-in-progress", "A ruleset build is in progress", 409,
                        "This replica is busy with the " + busy.running().what() + ", running for " + seconds + " s (since "
                                + busy.running().since() + "), and it did not finish within the " + busy.waited().toSeconds()
                                + " s a request waits for it; nothing was done: send the request again")
                        .withBuild(busy.running())))
                .header("Retry-After", "5").build();
    }

    @ServerExceptionMapper
    public Response canarySameAsActive(CanaryRollout.SameAsActiveException same) {
        return respond(Problem.of("canary-same-as-active", "The canary is the active ruleset", 409, same.getMessage()));
    }

    @ServerExceptionMapper
    public Response noRuleset(NoActiveRulesetException missing) {
        return Response.fromResponse(respond(Problem.of("no-active-ruleset", "No active ruleset", 503,
                missing.getMessage()))).header("Retry-After", "5").build();
    }

    /**
     * A bounded use case (outcomes) full at this moment: other callers' decisions keep the resources they need.
     * Written after the refusal delay, as a 429 is ({@link CallerShares}, {@link RefusalPause}): a caller sending
     * again as soon as it is answered would otherwise spin on refusals that cost the replica what a request does.
     */
    @ServerExceptionMapper
    public Uni<Response> busy(BulkheadException full) {
        Duration delay = RefusalPause.drawnFrom(busyDelay);
        Response busy = Response.fromResponse(respond(Problem.of("busy", "Too many at once", 503,
                "This replica is recording as many of these as it takes at once; nothing was stored: send it again")))
                .header("Retry-After", "1").build();
        return delay.isZero() ? Uni.createFrom().item(busy) : Uni.createFrom().item(busy).onItem().delayIt().by(delay);
    }

    @ServerExceptionMapper
    public Response pastDeadline(DeadlineExceededException late) {
        LOG.warn("Answered 503: " + late.getMessage());
        return Response.fromResponse(respond(Problem.of("decision-deadline", "No decision in time", 503,
                late.getMessage()))).header("Retry-After", "1").build();
    }

    @ServerExceptionMapper
    public Response eventsNotStored(EventsNotStoredException notStored) {
        LOG.error(notStored.getMessage());
        return Response.fromResponse(respond(Problem.of("events-not-stored", "Events not stored", 503,
                "The request's events could not be stored, so nothing was decided, reserved or recorded; send it again")))
                .header("Retry-After", "1").build();
    }

    /** What the database said is logged where it refused them: it may name tables, hosts or driver classes. */
    @ServerExceptionMapper
    public Response eventsRejected(EventsRejectedException rejected) {
        return respond(Problem.of("events-rejected", "Events refused by the database", 422,
                "The database refused the request's events as they are; nothing was decided, reserved or recorded"));
    }

    @ServerExceptionMapper
    public Response databaseUnavailable(DatabaseUnavailableException unavailable) {
        return databaseDown(unavailable, unavailable.getMessage() + ". ");
    }

    /**
     * Whatever the layer that noticed it, a database that does not answer is a 503 the client may retry. Its
     * events may already be held for the database: sent again with the same ids, they are stored once. What the
     * driver said (host, port, exception) goes to the log only.
     */
    private static Response databaseDown(Exception error, String why) {
        LOG.warnf("Answered 503, the database does not answer: %s", causes(error));
        return Response.fromResponse(respond(Problem.of("database-unavailable", "Database unavailable", 503,
                        why + "Nothing was reserved or recorded; send the request again (events with the same ids count once)")))
                .header("Retry-After", "5").build();
    }

    @ServerExceptionMapper
    public Response runaway(RunawayRulesException runaway) {
        LOG.error(runaway.getMessage());
        return respond(Problem.of("runaway-rules", "The rules did not finish", 500, runaway.getMessage()));
    }

    @ServerExceptionMapper
    public Response ruleFailed(RuleFailedException failed) {
        LOG.error(failed.getMessage(), failed);
        return respond(Problem.of("rule-failed", "A rule failed", 500, failed.getMessage()));
    }

    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException missing) {
        return unauthorized("This endpoint needs an API key: X-API-Key: <key> or Authorization: Bearer <key>");
    }

    @ServerExceptionMapper
    public Response badCredentials(AuthenticationFailedException failed) {
        return unauthorized("The API key is not valid");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException forbidden) {
        return respond(Problem.of("forbidden", "Forbidden", 403,
                "This API key may not call this endpoint (deciding, ingesting events and administering are separate roles)"));
    }

    @ServerExceptionMapper
    public Response refused(ProblemException refused) {
        return respond(refused.problem());
    }

    private static Response unauthorized(String detail) {
        return Response.fromResponse(respond(Problem.of("unauthorized", "Unauthorized", 401, detail)))
                .header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception error) {
        if (callerHungUp(error)) {
            // The caller hung up while its request was being read: nobody is left to answer, nothing failed here.
            LOG.debugf("Request abandoned by the caller: %s", error.getMessage());
            return respond(Problem.of("client-closed", "Request abandoned", 400, "The connection closed before the request was read"));
        }
        if (DatabaseErrors.unavailable(error)) {
            return databaseDown(error, "The database does not answer. ");
        }
        LOG.error("Unexpected error", error);
        return respond(Problem.of("internal-error", "Internal error", 500,
                "The service failed to answer; the error is logged"));
    }

    /** Every exception of the chain with its message, for the log: "DatabaseUnavailableException: … <- PSQLException: …". */
    static String causes(Throwable error) {
        StringBuilder chain = new StringBuilder();
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            chain.append(chain.length() == 0 ? "" : " <- ").append(cause.getClass().getName()).append(": ")
                    .append(cause.getMessage());
        }
        return chain.toString();
    }

    /** The connection closed while the request body was read (as a ClosedChannelException or Vert.x's HttpClosedException). */
    private static boolean callerHungUp(Throwable error) {
        if (!(error instanceof IOException)) {
            return false;
        }
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof ClosedChannelException || cause instanceof HttpClosedException) {
                return true;
            }
        }
        return false;
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    /**
     * "decide.request.events[0].type" → "events[0].type": the field as the caller wrote it; "replace.id" → "id"
     * for a path or query parameter, "body" for the body as a whole.
     */
    private static String fieldOf(ConstraintViolation<?> violation) {
        List<String> parts = new ArrayList<>();
        Method method = null;
        String parameter = null;
        for (Path.Node node : violation.getPropertyPath()) {
            switch (node.getKind()) {
                case METHOD -> {
                    method = methodOf(violation.getRootBeanClass(), node.as(Path.MethodNode.class));
                    continue;
                }
                case PARAMETER -> {
                    parameter = requestParameterName(method, node.as(Path.ParameterNode.class).getParameterIndex());
                    continue;
                }
                case CROSS_PARAMETER, RETURN_VALUE -> {
                    continue;
                }
                default -> {
                }
            }
            String name = node.getName() == null || node.getName().startsWith("<") ? "" : node.getName();
            if (node.getIndex() != null) {
                appendIndex(parts, "[" + node.getIndex() + "]");
            } else if (node.getKey() != null) {
                appendIndex(parts, "[" + node.getKey() + "]");
            }
            if (!name.isEmpty()) {
                parts.add(name);
            }
        }
        return !parts.isEmpty() ? String.join(".", parts) : parameter != null ? parameter : "body";
    }

    /** The resource method, looked up the class hierarchy: the bean may be a generated subclass of the resource. */
    private static Method methodOf(Class<?> type, Path.MethodNode node) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                Method method = c.getDeclaredMethod(node.getName(), node.getParameterTypes().toArray(Class<?>[]::new));
                if (method.getDeclaringClass().getAnnotation(jakarta.ws.rs.Path.class) != null) {
                    return method;
                }
            } catch (NoSuchMethodException notHere) {
                // on a superclass, then
            }
        }
        return null;
    }

    /** The name of a @PathParam or @QueryParam; null for the body (or when the method is not known). */
    private static String requestParameterName(Method method, int index) {
        if (method == null || index >= method.getParameterCount()) {
            return null;
        }
        for (Annotation annotation : method.getParameterAnnotations()[index]) {
            if (annotation instanceof PathParam path) {
                return path.value();
            }
            if (annotation instanceof QueryParam query) {
                return query.value();
            }
        }
        return null;
    }

    /** Bean Validation puts a container's index on the element node that follows it. */
    private static void appendIndex(List<String> parts, String index) {
        if (parts.isEmpty()) {
            parts.add(index);
        } else {
            parts.set(parts.size() - 1, parts.get(parts.size() - 1) + index);
        }
    }

    private static String pathOf(JsonMappingException error) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : error.getPath()) {
            if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            } else if (reference.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
            }
        }
        return path.toString();
    }

    private static String slug(String phrase) {
        return phrase == null ? "error" : phrase.toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
    }
}
