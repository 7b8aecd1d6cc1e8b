package com.platformeconomy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The test's HTTP client (java.net.http: thread-safe, so the load generator shares it). A request
 * that gets no answer (connection refused, reset, timeout) comes back with status -1: its outcome
 * is unknown and the caller decides whether to retry it with the same id.
 */
final class Http {

    static final ObjectMapper JSON = new ObjectMapper();

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2)).version(HttpClient.Version.HTTP_1_1).build();

    /** An answer: status, content type, the body and (when it is JSON) its tree. */
    record Res(int status, String contentType, String body, JsonNode json) {

        boolean answered() {
            return status > 0;
        }

        boolean problem() {
            return contentType != null && contentType.startsWith("application/problem+json");
        }

        long longAt(String field) {
            return json.path(field).asLong();
        }

        @Override
        public String toString() {
            return status + " " + contentType + " " + (body.length() > 400 ? body.substring(0, 400) + "…" : body);
        }
    }

    private Http() {
    }

    static Res get(String url, String bearer) {
        return send("GET", url, bearer, null, "application/json");
    }

    static Res post(String url, String bearer, Object body) {
        return send("POST", url, bearer, body, "application/json");
    }

    static Res put(String url, String bearer, Object body) {
        return send("PUT", url, bearer, body, "application/json");
    }

    static Res patch(String url, String bearer, Object body) {
        return send("PATCH", url, bearer, body, "application/json");
    }

    /** A fresh Idempotency-Key, as a client makes one per new request (and keeps for its retries). */
    static String newKey() {
        return "e2e-" + java.util.UUID.randomUUID();
    }

    /** A request under an {@code Idempotency-Key} (adjustments, payout requests, tier purchases, paper trades). */
    static Res keyed(String method, String url, String bearer, Object body, String idempotencyKey) {
        return send(method, url, bearer, body, "application/json", java.util.Map.of("Idempotency-Key", idempotencyKey));
    }

    static Res send(String method, String url, String bearer, Object body, String contentType) {
        return send(method, url, bearer, body, contentType, java.util.Map.of());
    }

    /** {@code body}: null (none), a String (sent as is, so broken JSON can be sent), or anything Jackson writes. */
    static Res send(String method, String url, String bearer, Object body, String contentType, java.util.Map<String, String> headers) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
            if (bearer != null) {
                request.header("Authorization", bearer);
            }
            headers.forEach(request::header);
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                String text = body instanceof String s ? s : JSON.writeValueAsString(body);
                request.header("Content-Type", contentType);
                request.method(method, HttpRequest.BodyPublishers.ofString(text));
            }
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String type = response.headers().firstValue("Content-Type").orElse(null);
            JsonNode json = MissingNode.getInstance();
            if (type != null && type.contains("json") && !response.body().isEmpty()) {
                try {
                    json = JSON.readTree(response.body());
                } catch (IOException notJson) {
                    json = MissingNode.getInstance();
                }
            }
            return new Res(response.statusCode(), type, response.body(), json);
        } catch (IOException noAnswer) {
            return new Res(-1, null, String.valueOf(noAnswer), MissingNode.getInstance());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Res(-1, null, "interrupted", MissingNode.getInstance());
        }
    }
}
