package com.platformeconomy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.platformeconomy.client.invoker.ApiClient;
import com.platformeconomy.client.invoker.ApiException;
import com.platformeconomy.client.invoker.ApiResponse;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The e2e tests' calls through the clients generated from the services' tracked contracts
 * (module api-client, issue #22): a route whose answer no longer fits its documented schema fails
 * here, in the generated code, before any assertion. Each call comes back as an {@link Http.Res}
 * (status, content type, body, JSON tree) so that the scenarios read answers one way whichever
 * client sent them; a success body is the generated model written back as JSON, so a field the
 * contract does not document is not there to be read.
 *
 * <p>{@link Http} stays for what a generated client cannot send by design: broken JSON, wrong
 * content types, forged tokens (BadInputSweepTest).
 */
final class Api {

    /** A call of a generated API's {@code …WithHttpInfo} method. */
    @FunctionalInterface
    interface Call<T> {
        ApiResponse<T> send() throws ApiException;
    }

    private static final Map<String, ApiClient> CLIENTS = new ConcurrentHashMap<>();
    /** The generated clients' own mapper (their models' names and java.time types). */
    private static final ObjectMapper MODELS = ApiClient.createDefaultObjectMapper();

    private Api() {
    }

    /** One generated API of the service at {@code baseUrl}; the clients (and their connections) are shared. */
    static <A> A of(String baseUrl, Function<ApiClient, A> api) {
        return api.apply(CLIENTS.computeIfAbsent(baseUrl, url -> {
            ApiClient client = new ApiClient();
            client.setHttpClientBuilder(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).version(HttpClient.Version.HTTP_1_1));
            client.updateBaseUri(url);
            client.setReadTimeout(Duration.ofSeconds(60));
            return client;
        }));
    }

    /** The headers of a call: the bearer token (as {@code Authorization}) when there is one. */
    static Map<String, String> auth(String bearer) {
        return bearer == null ? Map.of() : Map.of("Authorization", bearer);
    }

    /** Sends the call; a refusal (any non-2xx) and a call that got no answer (status -1) come back too. */
    static <T> Http.Res call(Call<T> call) {
        try {
            ApiResponse<T> response = call.send();
            Object data = response.getData();
            String body = data == null ? "" : MODELS.writeValueAsString(data);
            JsonNode json = data == null ? MissingNode.getInstance() : Http.JSON.readTree(body);
            String type = response.getHeaders().getOrDefault("content-type", java.util.List.of("application/json")).get(0);
            return new Http.Res(response.getStatusCode(), type, body, json);
        } catch (ApiException refused) {
            if (refused.getCode() == 0) {
                return new Http.Res(-1, null, String.valueOf(refused.getCause()), MissingNode.getInstance());
            }
            String type = refused.getResponseHeaders() == null ? null
                    : refused.getResponseHeaders().firstValue("Content-Type").orElse(null);
            String body = refused.getResponseBody() == null ? "" : refused.getResponseBody();
            JsonNode json = MissingNode.getInstance();
            try {
                json = body.isEmpty() ? json : Http.JSON.readTree(body);
            } catch (IOException notJson) {
                json = MissingNode.getInstance();
            }
            return new Http.Res(refused.getCode(), type, body, json);
        } catch (IOException e) {
            throw new IllegalStateException("an answer the generated client read could not be written back as JSON", e);
        }
    }
}
