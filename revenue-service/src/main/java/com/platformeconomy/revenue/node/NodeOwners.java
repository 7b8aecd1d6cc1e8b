package com.platformeconomy.revenue.node;

import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import com.platformeconomy.platform.security.ServiceTokens;
import com.platformeconomy.contracts.identity.Services;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The owner of a node, asked of settlement-service, which registers nodes to operators: a compute
 * report is bound to that owner. Callers see a 404 {@code unknown_node} when the node is not
 * registered and a 503 {@code node_registry_unavailable} when settlement-service does not answer,
 * never HTTP client errors; nothing is assumed about a node whose owner is unknown.
 */
@ApplicationScoped
public class NodeOwners {

    private final NodeRegistryApi api;
    private final ServiceTokens tokens;

    public NodeOwners(@RestClient NodeRegistryApi api, ServiceTokens tokens) {
        this.api = api;
        this.tokens = tokens;
    }

    @Timeout(value = 2, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 100, abortOn = {ApiException.class, CircuitBreakerOpenException.class})
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 5, delayUnit = ChronoUnit.SECONDS,
            skipOn = ApiException.class)
    public Uni<NodeOwner> of(String nodeId) {
        return Uni.createFrom().deferred(() -> api.owner(nodeId, tokens.bearer(Services.SETTLEMENT)))
                .onFailure().transform(failure -> {
                    if (failure instanceof WebApplicationException web && web.getResponse().getStatus() == 404) {
                        return new ApiException(ErrorCode.UNKNOWN_NODE, "Node " + nodeId
                                + " is not registered to any operator; an admin registers it with settlement-service.");
                    }
                    return new Unavailable(failure);
                });
    }

    /** settlement-service did not answer; counted by the circuit breaker, unlike an unknown node. */
    public static class Unavailable extends RuntimeException {
        Unavailable(Throwable cause) {
            super("settlement-service's node registry did not answer: " + cause.getMessage(), cause);
        }
    }

    /** The problem a caller sees for any failure other than an unknown node (timeouts, an open breaker). */
    public static Throwable asProblem(Throwable failure) {
        return failure instanceof ApiException ? failure : new ApiException(ErrorCode.NODE_REGISTRY_UNAVAILABLE,
                "The node registry (settlement-service) did not answer; try again.");
    }
}
