package com.platformeconomy.platform.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.platformeconomy.contracts.event.SuiteIds;
import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import com.platformeconomy.platform.problem.Problem;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.CompositeException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Supplier;

/**
 * The suite's one {@code Idempotency-Key} implementation for PostgreSQL (SPEC §10: routes that create
 * money records without an event id take the header, as Stripe's API does).
 *
 * <p>A key is scoped by route ({@code scope}) and caller (the token's subject); it is claimed with
 * one {@code INSERT … ON CONFLICT} into the {@code idempotency_key} table (shape:
 * {@code db/idempotency/idempotency_key.sql}, copied into each service's Flyway migrations), the
 * work runs in the same transaction, and the response is stored before it commits. So:
 * <ul>
 * <li>the same key and the same body answer the first response, same status and body (with
 *     {@code Idempotent-Replayed: true});</li>
 * <li>the same key with another body is 409 {@code idempotency_key_reused}, naming the fields that
 *     differ;</li>
 * <li>a second request while the first is still running waits for it on the row lock (one
 *     transaction) or is answered 409 {@code request_in_progress} (work across transactions, which
 *     holds the key for a lease); it never runs the work twice;</li>
 * <li>a refusal (4xx) is the first outcome too and is answered again on replay; a failure (5xx, the
 *     database or a peer unavailable) stores nothing, so a retry runs the work again.</li>
 * </ul>
 */
@ApplicationScoped
public class IdempotencyKeys {

    /** The header (Stripe's name). */
    public static final String HEADER = "Idempotency-Key";
    /** Set on an answer that is a replay of the first response. */
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private static final String CLAIM = """
            INSERT INTO idempotency_key (scope, caller, key, fingerprint, request_body, status, created_at, locked_until)
            VALUES (:scope, :caller, :key, :fingerprint, :body, 'in_progress', now(), :lockedUntil)
            ON CONFLICT (scope, caller, key) DO UPDATE SET locked_until = EXCLUDED.locked_until
             WHERE idempotency_key.status = 'in_progress' AND idempotency_key.fingerprint = EXCLUDED.fingerprint
               AND idempotency_key.locked_until < now()""";
    private static final String READ = """
            SELECT fingerprint, request_body, status, response_status, response_body FROM idempotency_key
             WHERE scope = :scope AND caller = :caller AND key = :key""";
    private static final String COMPLETE = """
            UPDATE idempotency_key SET status = 'completed', response_status = :status, response_body = :response,
                   completed_at = now(), locked_until = NULL
             WHERE scope = :scope AND caller = :caller AND key = :key AND status = 'in_progress'""";
    private static final String REMEMBER = """
            INSERT INTO idempotency_key (scope, caller, key, fingerprint, request_body, status, response_status,
                                         response_body, created_at, completed_at)
            VALUES (:scope, :caller, :key, :fingerprint, :body, 'completed', :status, :response, now(), now())
            ON CONFLICT (scope, caller, key) DO UPDATE SET status = 'completed', response_status = EXCLUDED.response_status,
                   response_body = EXCLUDED.response_body, completed_at = now(), locked_until = NULL
             WHERE idempotency_key.status = 'in_progress' AND idempotency_key.fingerprint = EXCLUDED.fingerprint""";
    private static final String RELEASE = """
            UPDATE idempotency_key SET locked_until = '-infinity'
             WHERE scope = :scope AND caller = :caller AND key = :key AND status = 'in_progress'""";

    private final ObjectMapper mapper;
    private final MeterRegistry metrics;

    public IdempotencyKeys(ObjectMapper mapper, MeterRegistry metrics) {
        this.mapper = mapper;
        this.metrics = metrics;
    }

    /** The outcome of claiming a key: claimed (run the work), or the answer to give instead. */
    public record Claim(boolean claimed, Response answer) {
    }

    /**
     * Checks the header and fingerprints {@code body} (the parsed request, plus any path parameter
     * that is part of what is asked). 400 {@code idempotency_key_required} without a key, 400
     * {@code invalid_idempotency_key} for one that is not 1-128 letters, digits or {@code :._@-}
     * ({@link SuiteIds#CALLER_ID}). Nothing is written.
     */
    public IdempotentRequest request(String scope, String caller, String key, Object body) {
        return request(scope, caller, key, body, java.util.Map.of());
    }

    /** As {@link #request(String, String, String, Object)}, with the path parameters that are part of the request. */
    public IdempotentRequest request(String scope, String caller, String key, Object body,
                                     java.util.Map<String, ?> pathParameters) {
        if (key == null || key.isBlank()) {
            throw new ApiException(ErrorCode.IDEMPOTENCY_KEY_REQUIRED, "This route creates a money record: send an "
                    + HEADER + " header (1-128 letters, digits or :._@-), a new one for each new request and the same "
                    + "one when retrying.");
        }
        if (!SuiteIds.isCallerId(key)) {
            throw new ApiException(ErrorCode.INVALID_IDEMPOTENCY_KEY, HEADER + " must be 1-128 letters, digits or :._@-, "
                    + "starting with a letter or digit.");
        }
        String canonical = Canonical.json(mapper, body, pathParameters);
        return new IdempotentRequest(scope, caller, key, canonical, Canonical.sha256(canonical));
    }

    /**
     * Claims the key, runs {@code work} and stores its result as the response with {@code status},
     * all in one transaction ({@code work} joins it). A replay, a reused key or a request in flight
     * is answered without running {@code work}. A 4xx {@link ApiException} from {@code work} rolls
     * its writes back and is stored as the key's outcome; any other failure stores nothing.
     */
    public <T> Uni<Response> execute(IdempotentRequest request, Response.Status status, Supplier<Uni<T>> work) {
        return Panache.withTransaction(() -> claim(request, Duration.ZERO).chain(claim -> claim.claimed()
                        ? work.get().chain(result -> complete(request, status.getStatusCode(), result))
                        : Uni.createFrom().item(claim.answer())))
                .onFailure(failure -> refusal(failure) != null)
                .recoverWithUni(failure -> Panache.withTransaction(() -> remember(request, refusal(failure))));
    }

    /**
     * Claims the key in the caller's transaction. For work that spans transactions (a call to
     * another service between them), {@code lease} is how long the key stays held: a request with
     * the same key during it is answered 409 {@code request_in_progress}; after it (the first
     * attempt crashed or gave up), the retry takes the key over and resumes.
     */
    public Uni<Claim> claim(IdempotentRequest request, Duration lease) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(CLAIM)
                        .setParameter("scope", request.scope())
                        .setParameter("caller", request.caller())
                        .setParameter("key", request.key())
                        .setParameter("fingerprint", request.fingerprint())
                        .setParameter("body", request.canonicalBody())
                        .setParameter("lockedUntil", OffsetDateTime.now(ZoneOffset.UTC).plus(lease))
                        .executeUpdate())
                .chain(claimed -> claimed == 1
                        ? Uni.createFrom().item(new Claim(true, null))
                        : answerFromRecord(request).map(answer -> new Claim(false, answer)));
    }

    /** Stores {@code body} as the key's response (in the caller's transaction) and answers it. */
    public Uni<Response> complete(IdempotentRequest request, int status, Object body) {
        String json = write(body);
        return store(COMPLETE, request, status, json).map(ignored -> {
            count(request, status >= 400 ? "refused" : "completed");
            return response(status, json, false);
        });
    }

    /** Stores a refusal as the key's outcome (in the caller's transaction) and answers it. */
    public Uni<Response> completeWithProblem(IdempotentRequest request, ApiException refusal) {
        return complete(request, refusal.status(), problemOf(refusal));
    }

    /** Ends the lease of a key whose work failed without an outcome, so a retry may resume at once. */
    public Uni<Void> release(IdempotentRequest request) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(RELEASE)
                        .setParameter("scope", request.scope())
                        .setParameter("caller", request.caller())
                        .setParameter("key", request.key())
                        .executeUpdate())
                .replaceWithVoid();
    }

    private Uni<Response> remember(IdempotentRequest request, ApiException refusal) {
        String json = write(problemOf(refusal));
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(REMEMBER)
                        .setParameter("scope", request.scope())
                        .setParameter("caller", request.caller())
                        .setParameter("key", request.key())
                        .setParameter("fingerprint", request.fingerprint())
                        .setParameter("body", request.canonicalBody())
                        .setParameter("status", refusal.status())
                        .setParameter("response", json)
                        .executeUpdate())
                .chain(stored -> {
                    if (stored == 1) {
                        count(request, "refused");
                        return Uni.createFrom().item(response(refusal.status(), json, false));
                    }
                    // Another request with this key finished first: its outcome is the outcome.
                    return answerFromRecord(request);
                });
    }

    private Uni<Integer> store(String sql, IdempotentRequest request, int status, String json) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(sql)
                        .setParameter("scope", request.scope())
                        .setParameter("caller", request.caller())
                        .setParameter("key", request.key())
                        .setParameter("status", status)
                        .setParameter("response", json)
                        .executeUpdate());
    }

    private Uni<Response> answerFromRecord(IdempotentRequest request) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(READ, Object[].class)
                        .setParameter("scope", request.scope())
                        .setParameter("caller", request.caller())
                        .setParameter("key", request.key())
                        .getSingleResultOrNull())
                .map(row -> {
                    if (row == null) {
                        // Claimed and released between our two statements: rare; the caller retries.
                        count(request, "in_progress");
                        return problem(inProgress(request));
                    }
                    String fingerprint = (String) row[0];
                    if (!request.fingerprint().equals(fingerprint)) {
                        count(request, "reused");
                        return reused(request, (String) row[1]);
                    }
                    if (!"completed".equals(row[2])) {
                        count(request, "in_progress");
                        return problem(inProgress(request));
                    }
                    count(request, "replayed");
                    return response(((Number) row[3]).intValue(), (String) row[4], true);
                });
    }

    private Response reused(IdempotentRequest request, String firstBody) {
        List<String> fields = Canonical.differences(mapper, firstBody, request.canonicalBody());
        Problem problem = Problem.of(ErrorCode.IDEMPOTENCY_KEY_REUSED, "Conflict", HEADER + " '" + request.key()
                        + "' was first used with another request; it differs in " + String.join(", ", fields)
                        + ". A key names one request: send a new key for a new request.")
                .withErrors(fields.stream()
                        .map(f -> new Problem.FieldError(f, "differs from the first request with this key"))
                        .toList());
        return response(409, write(problem), false);
    }

    private static ApiException inProgress(IdempotentRequest request) {
        return new ApiException(ErrorCode.REQUEST_IN_PROGRESS, "The first request with " + HEADER + " '" + request.key()
                + "' is still in progress; retry with the same key in a moment to get its outcome.");
    }

    private Response problem(ApiException refusal) {
        return response(refusal.status(), write(problemOf(refusal)), false);
    }

    private static Problem problemOf(ApiException refusal) {
        Response.Status known = Response.Status.fromStatusCode(refusal.status());
        String title = known != null ? known.getReasonPhrase() : refusal.status() == 402 ? "Payment Required" : "Error";
        return Problem.of(refusal.errorCode(), title, refusal.getMessage());
    }

    private static Response response(int status, String json, boolean replayed) {
        Response.ResponseBuilder out = Response.status(status)
                .type(status >= 400 ? Problem.MEDIA_TYPE : MediaType.APPLICATION_JSON)
                .entity(json);
        if (replayed) {
            out.header(REPLAYED_HEADER, "true");
        }
        return out.build();
    }

    /** A 4xx refusal is an outcome and is remembered; anything else (5xx, unavailable) is not. */
    private static ApiException refusal(Throwable failure) {
        Throwable current = failure;
        while (current instanceof CompositeException composite && !composite.getCauses().isEmpty()) {
            current = composite.getCauses().get(0);
        }
        return current instanceof ApiException api && api.status() >= 400 && api.status() < 500 ? api : null;
    }

    private String write(Object body) {
        try {
            return body instanceof String s ? s : mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response cannot be written as JSON", e);
        }
    }

    private void count(IdempotentRequest request, String outcome) {
        metrics.counter("idempotency.requests", "scope", request.scope(), "outcome", outcome).increment();
    }
}
