package com.platformeconomy.platform.problem;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.smallrye.mutiny.CompositeException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one exception mapper of every service: whatever fails, the caller gets an RFC 9457
 * problem+json body with a stable {@code code}. A store away for now ({@link Unavailable}) is
 * answered 503 {@code service_unavailable}; other unexpected failures are logged and answered 500
 * without internals.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper(priority = 1)
    public Response map(Throwable failure) {
        return respond(toProblem(unwrap(failure)));
    }

    // The security and web exceptions get their own entries so they win over Quarkus's built-in mappers.
    @ServerExceptionMapper(priority = 1)
    public Response mapUnauthorized(UnauthorizedException failure) {
        return map(failure);
    }

    @ServerExceptionMapper(priority = 1)
    public Response mapAuthenticationFailed(AuthenticationFailedException failure) {
        return map(failure);
    }

    @ServerExceptionMapper(priority = 1)
    public Response mapAuthenticationCompletion(AuthenticationCompletionException failure) {
        return map(failure);
    }

    @ServerExceptionMapper(priority = 1)
    public Response mapForbidden(ForbiddenException failure) {
        return map(failure);
    }

    @ServerExceptionMapper(priority = 1)
    public Response mapWebApplication(WebApplicationException failure) {
        return map(failure);
    }

    @ServerExceptionMapper(priority = 1)
    public Response mapJson(JsonProcessingException failure) {
        return map(failure);
    }

    @ServerExceptionMapper(priority = 1)
    public Response mapJsonMapping(JsonMappingException failure) {
        return map(failure);
    }

    @ServerExceptionMapper(priority = 1)
    public Response mapMismatchedInput(MismatchedInputException failure) {
        return map(failure);
    }

    @ServerExceptionMapper(priority = 1)
    public Response mapStreamRead(StreamReadException failure) {
        return map(failure);
    }

    @ServerExceptionMapper(priority = 1)
    public Response mapConstraintViolation(ConstraintViolationException failure) {
        return map(failure);
    }

    static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while (true) {
            if (current instanceof CompositeException composite && !composite.getCauses().isEmpty()) {
                current = composite.getCauses().get(0);
            } else if (current instanceof CompletionException && current.getCause() != null) {
                current = current.getCause();
            } else if (current instanceof WebApplicationException && current.getCause() instanceof JsonProcessingException) {
                // Quarkus REST wraps a body it cannot read; the JSON failure says which field.
                current = current.getCause();
            } else {
                return current;
            }
        }
    }

    static Problem toProblem(Throwable failure) {
        if (failure instanceof ApiException api) {
            return Problem.of(api.errorCode(), titleOf(api.status()), api.getMessage());
        }
        if (failure instanceof ConstraintViolationException invalid) {
            List<Problem.FieldError> errors = invalid.getConstraintViolations().stream()
                    .map(v -> new Problem.FieldError(leaf(v.getPropertyPath().toString()), v.getMessage()))
                    .sorted(java.util.Comparator.comparing(Problem.FieldError::field))
                    .toList();
            return Problem.of(ErrorCode.VALIDATION_FAILED, titleOf(400), "The request has invalid fields.")
                    .withErrors(errors);
        }
        if (failure instanceof UnauthorizedException || failure instanceof AuthenticationFailedException
                || failure instanceof AuthenticationCompletionException) {
            return Problem.of(ErrorCode.UNAUTHORIZED, titleOf(401), "A valid bearer token is required.");
        }
        if (failure instanceof ForbiddenException) {
            return Problem.of(ErrorCode.FORBIDDEN, titleOf(403), "The token's roles do not allow this.");
        }
        if (failure instanceof JsonMappingException mapping) {
            String field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .reduce((a, b) -> a + "." + b).orElse("body");
            String what = mapping instanceof UnrecognizedPropertyException ? "is not a known field" : "has the wrong type or form";
            return invalidField(field, what);
        }
        if (failure instanceof InputCoercionException outOfRange && outOfRange.getProcessor() != null
                && currentField(outOfRange.getProcessor()) != null) {
            return invalidField(currentField(outOfRange.getProcessor()), "is out of range");
        }
        if (failure instanceof JsonProcessingException) {
            return Problem.of(ErrorCode.MALFORMED_JSON, titleOf(400), "The request body is not valid JSON.");
        }
        if (failure instanceof WebApplicationException web) {
            int status = web.getResponse().getStatus();
            if (status >= 500) {
                LOG.error("request failed", failure);
            }
            return Problem.of(codeOf(status), status, titleOf(status), status >= 500 ? null : web.getMessage());
        }
        if (Unavailable.is(failure)) {
            LOG.warnf("a store is unavailable: %s", failure.toString());
            return Problem.of(ErrorCode.SERVICE_UNAVAILABLE, titleOf(503),
                    "A store this service needs is unavailable for now; send the same request again (same id) later.");
        }
        LOG.error("unexpected failure", failure);
        return Problem.of(ErrorCode.INTERNAL_ERROR, titleOf(500), "The request could not be completed.");
    }

    private static String currentField(JsonParser parser) {
        try {
            return parser.currentName();
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static Problem invalidField(String field, String what) {
        return Problem.of(ErrorCode.INVALID_FIELD, titleOf(400), "The field '" + field + "' " + what + ".")
                .withErrors(List.of(new Problem.FieldError(field, what)));
    }

    private static Response respond(Problem problem) {
        Response.ResponseBuilder response = Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(problem);
        if (problem.status() == 401) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return response.build();
    }

    private static String leaf(String propertyPath) {
        // "record.request.actualUsdCost" -> "actual_usd_cost": callers know their JSON fields,
        // not our method and parameter names.
        int dot = propertyPath.lastIndexOf('.');
        String leaf = dot < 0 ? propertyPath : propertyPath.substring(dot + 1);
        return leaf.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static ErrorCode codeOf(int status) {
        return switch (status) {
            case 400 -> ErrorCode.BAD_REQUEST;
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 406 -> ErrorCode.NOT_ACCEPTABLE;
            case 409 -> ErrorCode.CONFLICT;
            case 413 -> ErrorCode.BODY_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            default -> status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.CLIENT_ERROR;
        };
    }

    private static String titleOf(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return known != null ? known.getReasonPhrase() : status == 402 ? "Payment Required" : "Error";
    }
}
