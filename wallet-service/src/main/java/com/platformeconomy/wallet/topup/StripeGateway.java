package com.platformeconomy.wallet.topup;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.net.RequestOptions;
import com.stripe.param.DisputeListParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.RefundListParams;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Stripe behind the top-up saga, through the official stripe-java client. A top-up is one
 * PaymentIntent, created with the top-up id in its metadata and as its idempotency key; its refund
 * has an idempotency key of its own. stripe-java blocks, so every call runs on a worker thread.
 */
@ApplicationScoped
@Typed(StripeGateway.class)
public class StripeGateway implements PaymentGateway {

    static final String METADATA_TOPUP = "topup_id";
    static final String METADATA_ACCOUNT = "account";

    private final TopUpConfig config;
    private final Vertx vertx;
    private volatile StripeClient client;

    public StripeGateway(TopUpConfig config, Vertx vertx) {
        this.config = config;
        this.vertx = vertx;
    }

    @Override
    public String name() {
        return "stripe";
    }

    private StripeClient client() {
        StripeClient current = client;
        if (current == null) {
            synchronized (this) {
                if (client == null) {
                    TopUpConfig.Stripe stripe = config.stripe();
                    client = new StripeClient.StripeClientBuilder()
                            .setApiKey(stripe.secretKey().orElseThrow(() -> new IllegalStateException(
                                    "wallet.topup.stripe.secret-key is not set")))
                            .setApiBase(stripe.apiBase())
                            .setMaxNetworkRetries(stripe.maxNetworkRetries())
                            .setConnectTimeout((int) stripe.timeout().toMillis())
                            .setReadTimeout((int) stripe.timeout().toMillis())
                            .build();
                }
                current = client;
            }
        }
        return current;
    }

    @Override
    public Uni<Checkout> createPayment(String topupId, String account, long amountMinor, String currency) {
        return blocking(() -> {
            try {
                PaymentIntent intent = client().v1().paymentIntents().create(
                        PaymentIntentCreateParams.builder()
                                .setAmount(amountMinor)
                                .setCurrency(currency)
                                .setDescription("Top-up " + topupId)
                                .putMetadata(METADATA_TOPUP, topupId)
                                .putMetadata(METADATA_ACCOUNT, account)
                                .setAutomaticPaymentMethods(PaymentIntentCreateParams.AutomaticPaymentMethods.builder()
                                        .setEnabled(true).build())
                                .build(),
                        RequestOptions.builder().setIdempotencyKey(topupId).build());
                return new Checkout(intent.getId(), intent.getClientSecret());
            } catch (StripeException e) {
                if (isFinal(e)) {
                    throw new PaymentDeclined("Stripe refused the payment: " + e.getMessage());
                }
                throw new GatewayUnavailable(e);
            }
        });
    }

    @Override
    public Uni<Payment> readPayment(String paymentRef) {
        return read(() -> payment(client().v1().paymentIntents().retrieve(paymentRef)), null);
    }

    @Override
    public Uni<Payment> cancelPayment(String paymentRef) {
        return blocking(() -> {
            try {
                return payment(client().v1().paymentIntents().cancel(paymentRef,
                        RequestOptions.builder().setIdempotencyKey("cancel/" + paymentRef).build()));
            } catch (InvalidRequestException e) {
                // Not cancellable any more (it succeeded, or was cancelled already): say what it is now.
                return payment(readNow(paymentRef));
            } catch (StripeException e) {
                throw new GatewayUnavailable(e);
            }
        });
    }

    private PaymentIntent readNow(String paymentRef) {
        try {
            return client().v1().paymentIntents().retrieve(paymentRef);
        } catch (StripeException e) {
            throw new GatewayUnavailable(e);
        }
    }

    /**
     * The idempotency key of a top-up's refund. Stripe keeps one namespace of keys per account, and a
     * PaymentIntent's key is the caller's top-up id: a '/' no caller id holds keeps another top-up from
     * being named after this refund's key (which would make Stripe refuse the refund for a day). A
     * cancellation's key ("cancel/" + the PaymentIntent's id) is kept apart the same way.
     */
    static String refundKey(String topupId) {
        return "refund/" + topupId;
    }

    @Override
    public Uni<Refund> refund(String topupId, String paymentRef, long amountMinor, String refundRef) {
        return blocking(() -> {
            try {
                com.stripe.model.Refund refund = refundRef != null
                        ? client().v1().refunds().retrieve(refundRef)
                        : client().v1().refunds().create(
                                RefundCreateParams.builder()
                                        .setPaymentIntent(paymentRef)
                                        .setAmount(amountMinor)
                                        .putMetadata(METADATA_TOPUP, topupId)
                                        .build(),
                                RequestOptions.builder().setIdempotencyKey(refundKey(topupId)).build());
                return new Refund(refund.getId(), refund.getStatus());
            } catch (InvalidRequestException e) {
                if ("charge_already_refunded".equals(e.getCode())) {
                    return new Refund(refundRef, "succeeded");
                }
                throw new GatewayUnavailable(e);
            } catch (StripeException e) {
                throw new GatewayUnavailable(e);
            }
        });
    }

    @Override
    public Uni<Dispute> readDispute(String disputeRef) {
        return read(() -> dispute(client().v1().disputes().retrieve(disputeRef)), null);
    }

    /**
     * Every page of the disputes opened since then (stripe-java follows {@code has_more} with
     * {@code starting_after}); a failure on any page is Stripe away, so a pass never acts on half a list
     * as if it were all.
     */
    @Override
    public Uni<List<Dispute>> disputesSince(Instant since) {
        DisputeListParams params = DisputeListParams.builder()
                .setCreated(DisputeListParams.Created.builder().setGte(since.getEpochSecond()).build())
                .setLimit(100L).build();
        return read(() -> {
            List<Dispute> disputes = new ArrayList<>();
            for (com.stripe.model.Dispute listed : client().v1().disputes().list(params).autoPagingIterable()) {
                disputes.add(dispute(listed));
            }
            return disputes;
        }, List.of());
    }

    @Override
    public Uni<RefundMade> readRefund(String refundRef) {
        return read(() -> refundMade(client().v1().refunds().retrieve(refundRef)), null);
    }

    @Override
    public Uni<List<RefundMade>> refundsOf(String chargeRef) {
        return listRefunds(RefundListParams.builder().setCharge(chargeRef).setLimit(100L).build());
    }

    @Override
    public Uni<List<RefundMade>> refundsSince(Instant since) {
        return listRefunds(RefundListParams.builder().setCreated(RefundListParams.Created.builder().setGte(since.getEpochSecond()).build())
                .setLimit(100L).build());
    }

    /** Every page of a refund listing (stripe-java follows {@code has_more}); a failure on any page is Stripe away. */
    private Uni<List<RefundMade>> listRefunds(RefundListParams params) {
        return read(() -> {
            List<RefundMade> refunds = new ArrayList<>();
            for (com.stripe.model.Refund refund : client().v1().refunds().list(params).autoPagingIterable()) {
                refunds.add(refundMade(refund));
            }
            return refunds;
        }, List.of());
    }

    /** A call that reads from Stripe. */
    @FunctionalInterface
    private interface StripeRead<T> {
        T call() throws StripeException;
    }

    /**
     * Reads from Stripe off the event loop: {@code whenMissing} when Stripe does not know the object,
     * {@link GatewayUnavailable} for any other failure (Stripe away, an error the caller retries).
     */
    private <T> Uni<T> read(StripeRead<T> call, T whenMissing) {
        return blocking(() -> {
            try {
                return call.call();
            } catch (InvalidRequestException e) {
                if (isMissing(e)) {
                    return whenMissing;
                }
                throw new GatewayUnavailable(e);
            } catch (StripeException e) {
                throw new GatewayUnavailable(e);
            } catch (RuntimeException e) {
                // A listing's later page fails out of its iterator as a RuntimeException around the StripeException.
                if (e.getCause() instanceof StripeException) {
                    throw new GatewayUnavailable(e.getCause());
                }
                throw e;
            }
        });
    }

    private static Dispute dispute(com.stripe.model.Dispute dispute) {
        return new Dispute(dispute.getId(), dispute.getPaymentIntent(),
                dispute.getAmount() == null ? -1 : dispute.getAmount(), dispute.getCurrency(), dispute.getStatus());
    }

    private static RefundMade refundMade(com.stripe.model.Refund refund) {
        return new RefundMade(refund.getId(), refund.getPaymentIntent(), refund.getAmount() == null ? -1 : refund.getAmount(),
                refund.getCurrency(), refund.getStatus());
    }

    /** The PaymentIntent as the saga reads it; one whose {@code livemode} is not the service's is of the other mode. */
    private Payment payment(PaymentIntent intent) {
        return new Payment(intent.getId(), intent.getStatus(), intent.getAmount() == null ? -1 : intent.getAmount(),
                intent.getCurrency(), intent.getMetadata() == null ? null : intent.getMetadata().get(METADATA_TOPUP),
                !Boolean.valueOf(config.stripe().live()).equals(intent.getLivemode()));
    }

    /** Stripe does not know the object asked for. */
    private static boolean isMissing(InvalidRequestException e) {
        return "resource_missing".equals(e.getCode()) || Integer.valueOf(404).equals(e.getStatusCode());
    }

    /** A 4xx other than a conflict or a rate limit: asking again with the same request cannot succeed. */
    private static boolean isFinal(StripeException e) {
        if (e instanceof ApiConnectionException || e instanceof RateLimitException || e instanceof IdempotencyException) {
            return false;
        }
        Integer status = e.getStatusCode();
        return status != null && status >= 400 && status < 500 && status != 409 && status != 429;
    }

    private <T> Uni<T> blocking(Callable<T> call) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
            try {
                return call.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new GatewayUnavailable(e);
            }
        }), false);
    }

    /** Stripe could not be reached or answered with an error the saga retries. */
    public static final class GatewayUnavailable extends RuntimeException {
        GatewayUnavailable(Throwable cause) {
            super("Stripe: " + cause.getMessage(), cause);
        }
    }
}
