package com.platformeconomy.wallet.topup;

import io.smallrye.mutiny.Uni;

/**
 * Where top-up money comes from: a card processor (Stripe) or, in development and test only, the
 * sandbox. Every operation is idempotent on the top-up id, so the saga may repeat it after a crash.
 * A failure other than {@link PaymentDeclined} leaves the outcome unknown and the saga asks again.
 */
public interface PaymentGateway {

    /** What a checkout page needs to collect the payment. */
    record Checkout(String paymentRef, String clientSecret) {
    }

    /**
     * A payment as the provider has it now. {@code status} uses Stripe's PaymentIntent statuses
     * (succeeded, canceled, processing, requires_payment_method, …); {@code topupId} is the one
     * in its metadata. {@code otherMode}: made in the other mode than the service's (a test-mode
     * payment on a live service: no money moved), so it credits nothing.
     */
    record Payment(String paymentRef, String status, long amountMinor, String currency, String topupId, boolean otherMode) {
        public boolean succeeded() {
            return "succeeded".equals(status);
        }

        public boolean canceled() {
            return "canceled".equals(status);
        }
    }

    /** A refund as the provider has it: status succeeded, pending, failed… */
    record Refund(String refundRef, String status) {
        public boolean succeeded() {
            return "succeeded".equals(status);
        }
    }

    /**
     * A refund of a payment as the provider has it, whoever made it (the saga, someone in the
     * provider's dashboard, a card network preventing a dispute). {@code status} uses Stripe's:
     * pending, requires_action, succeeded, failed, canceled; only succeeded sent the money back.
     */
    record RefundMade(String refundRef, String paymentRef, long amountMinor, String currency, String status) {
        public boolean succeeded() {
            return "succeeded".equals(status);
        }
    }

    /**
     * A dispute (chargeback) of a payment as the provider has it. {@code status} uses Stripe's:
     * warning_needs_response, warning_under_review, warning_closed (an inquiry: no money moved),
     * needs_response, under_review, won, lost.
     */
    record Dispute(String disputeRef, String paymentRef, long amountMinor, String currency, String status) {
        /**
         * Whether the bank holds the disputed money now: a dispute open (needs_response, under_review)
         * or lost. An inquiry (warning_*), a won dispute and any status Stripe adds later withdraw
         * nothing here (a status read as withdrawn by mistake would take a user's tokens).
         */
        public boolean fundsWithdrawn() {
            return "needs_response".equals(status) || "under_review".equals(status) || "lost".equals(status);
        }
    }

    String name();

    /** Creates (or, for the same top-up id, finds again) the payment the user is asked to make. */
    Uni<Checkout> createPayment(String topupId, String account, long amountMinor, String currency);

    /** Reads a payment back from the provider; {@code null} when the provider does not know it. */
    Uni<Payment> readPayment(String paymentRef);

    /** Cancels an unpaid payment; answers it as it is afterwards (it may have succeeded meanwhile). */
    Uni<Payment> cancelPayment(String paymentRef);

    /** Refunds a top-up's payment in full; {@code refundRef} is the refund asked for earlier, if any. */
    Uni<Refund> refund(String topupId, String paymentRef, long amountMinor, String refundRef);

    /** Reads a dispute back from the provider; {@code null} when it does not know it (the sandbox has none). */
    default Uni<Dispute> readDispute(String disputeRef) {
        return Uni.createFrom().nullItem();
    }

    /** Reads a refund back from the provider; {@code null} when it does not know it. */
    default Uni<RefundMade> readRefund(String refundRef) {
        return Uni.createFrom().nullItem();
    }

    /** Every refund of a charge (Stripe: {@code ch_…}), as the provider lists them now. */
    default Uni<java.util.List<RefundMade>> refundsOf(String chargeRef) {
        return Uni.createFrom().item(java.util.List.of());
    }

    /** Every refund created since {@code since}, whatever it refunds (the reconciliation pass keeps the top-ups'). */
    default Uni<java.util.List<RefundMade>> refundsSince(java.time.Instant since) {
        return Uni.createFrom().item(java.util.List.of());
    }

    /** Every dispute opened since {@code since}, whatever it disputes (the reconciliation pass keeps the top-ups'). */
    default Uni<java.util.List<Dispute>> disputesSince(java.time.Instant since) {
        return Uni.createFrom().item(java.util.List.of());
    }

    /** The provider's final no: no payment will be taken for this top-up. */
    class PaymentDeclined extends RuntimeException {
        public PaymentDeclined(String message) {
            super(message);
        }
    }
}
