package com.platformeconomy.earnings.wallet;

import com.platformeconomy.platform.security.ServiceTokens;
import com.platformeconomy.contracts.identity.Services;
import com.platformeconomy.earnings.config.EarningsConfig;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * wallet-service as this service sees it: debits with a caller-chosen event id, so a retry (ours,
 * or the fault-tolerance layer's) is answered with the first outcome and never debits twice.
 * Callers get domain exceptions, not HTTP: {@link InsufficientBalanceException} for 402,
 * {@link WalletRefusedException} for any other refusal, {@link WalletUnavailableException} when
 * the wallet cannot be reached or fails.
 */
@ApplicationScoped
public class WalletClient {

    private final ServiceTokens tokens;
    private volatile URI baseUri;
    private volatile WalletApi api;

    public WalletClient(EarningsConfig config, ServiceTokens tokens) {
        this.tokens = tokens;
        this.baseUri = config.walletUrl();
    }

    /** Debits {@code amount} tokens from {@code account} once per {@code eventId}; the balance after it. */
    @Retry(maxRetries = 3, delay = 200, jitter = 100, retryOn = WalletUnavailableException.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5000,
            failOn = WalletUnavailableException.class)
    public Uni<Long> debit(String account, String eventId, long amount, String category, String reason, Instant occurredAt) {
        return api().debit(tokens.bearer(Services.WALLET), account,
                        new WalletApi.Debit(eventId, amount, category, reason, occurredAt.truncatedTo(ChronoUnit.MILLIS)))
                .map(WalletApi.Moved::balance)
                .onFailure().transform(WalletClient::toDomain);
    }

    /**
     * A developer's balance as the wallet has it now: below zero while it owes the wallet (a top-up it
     * spent was refunded or charged back). The wallet lets this service read only developers' wallets.
     */
    @Retry(maxRetries = 3, delay = 200, jitter = 100, retryOn = WalletUnavailableException.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5000,
            failOn = WalletUnavailableException.class)
    public Uni<Long> balance(String account) {
        return api().balance(tokens.bearer(Services.WALLET), account)
                .map(WalletApi.Balance::balance)
                .onFailure().transform(WalletClient::toDomain);
    }

    /**
     * Points the client at another wallet-service (the deployment's URL is {@code earnings.wallet-url});
     * tests use it to reach a wallet they started on a free port.
     */
    public void useBaseUri(URI uri) {
        this.baseUri = uri;
        this.api = null;
    }

    private WalletApi api() {
        WalletApi current = api;
        if (current == null) {
            current = QuarkusRestClientBuilder.newBuilder()
                    .baseUri(baseUri)
                    .connectTimeout(2, java.util.concurrent.TimeUnit.SECONDS)
                    .readTimeout(5, java.util.concurrent.TimeUnit.SECONDS)
                    .build(WalletApi.class);
            api = current;
        }
        return current;
    }

    private static Throwable toDomain(Throwable failure) {
        if (failure instanceof WebApplicationException web && web.getResponse() != null) {
            int status = web.getResponse().getStatus();
            if (status == 402) {
                return new InsufficientBalanceException();
            }
            if (status >= 400 && status < 500) {
                return new WalletRefusedException(status);
            }
            return new WalletUnavailableException("wallet-service answered " + status, failure);
        }
        return new WalletUnavailableException("wallet-service could not be reached: " + failure.getMessage(), failure);
    }
}
