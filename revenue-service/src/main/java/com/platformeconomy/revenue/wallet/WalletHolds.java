package com.platformeconomy.revenue.wallet;

import com.platformeconomy.platform.security.ServiceTokens;
import com.platformeconomy.contracts.identity.Services;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * wallet-service's hold statistics for the dashboard. A short timeout, one immediate retry and a
 * circuit breaker (no retry while it is open) keep a slow or absent wallet from slowing the
 * dashboard; callers see
 * {@link WalletUnavailableException}, never HTTP.
 */
@ApplicationScoped
public class WalletHolds {

    private final HoldStatsApi api;
    private final ServiceTokens tokens;

    public WalletHolds(@RestClient HoldStatsApi api, ServiceTokens tokens) {
        this.api = api;
        this.tokens = tokens;
    }

    @Timeout(value = 800, unit = ChronoUnit.MILLIS)
    @Retry(maxRetries = 1, delay = 0, abortOn = CircuitBreakerOpenException.class)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 5, delayUnit = ChronoUnit.SECONDS)
    public Uni<HoldStats> stats() {
        return Uni.createFrom().deferred(() -> api.stats(tokens.bearer(Services.WALLET)))
                .onFailure().transform(failure -> new WalletUnavailableException(
                        "wallet-service hold statistics unavailable: " + failure.getMessage(), failure));
    }
}
