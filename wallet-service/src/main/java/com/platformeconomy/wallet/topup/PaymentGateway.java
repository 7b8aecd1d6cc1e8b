package com.platformeconomy.wallet.topup;

import io.smallrye.mutiny.Uni;

/**
 * Where top-up money comes from. Both operations are idempotent on the top-up id, so the saga may
 * repeat them after a crash: a card processor's adapter must keep that promise too (Stripe's
 * idempotency keys do).
 */
public interface PaymentGateway {

    /**
     * Captures the payment for a top-up; answers the gateway's reference for it. Fails with
     * {@link PaymentDeclined} when the payment will not be taken; any other failure leaves it
     * unknown whether it was, and the saga asks again later.
     */
    Uni<String> capture(String topupId, String account, long amountTokens);

    /** Refunds the captured payment of a top-up. */
    Uni<Void> refund(String topupId);

    /** The gateway's final no: nothing was captured. */
    class PaymentDeclined extends RuntimeException {
        public PaymentDeclined(String message) {
            super(message);
        }
    }
}
