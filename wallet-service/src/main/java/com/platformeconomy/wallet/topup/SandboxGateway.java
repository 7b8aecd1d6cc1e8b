package com.platformeconomy.wallet.topup;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

/**
 * The development and test stand-in for a card processor (never used in production: see
 * {@link GatewaySelection}). Like Stripe it creates a payment unpaid; the payment succeeds or
 * fails only when a privileged step says so ({@link SandboxPaymentResource}, {@code ./suite
 * confirm-topup}), never because the user who asked for tokens said so. It keeps its payments in
 * {@code sandbox_payments} and fails where {@link SagaFaults} says.
 */
@ApplicationScoped
@Typed(SandboxGateway.class)
public class SandboxGateway implements PaymentGateway {

    private final SagaFaults faults;

    public SandboxGateway(SagaFaults faults) {
        this.faults = faults;
    }

    @Override
    public String name() {
        return "sandbox";
    }

    static String paymentRef(String topupId) {
        return "sbx_" + topupId;
    }

    @Override
    public Uni<Checkout> createPayment(String topupId, String account, long amountMinor, String currency) {
        String ref = paymentRef(topupId);
        return Uni.createFrom().voidItem()
                .invoke(() -> {
                    if (faults.tripped(SagaFaults.Point.CREATE)) {
                        throw new PaymentDeclined("the sandbox declined the payment");
                    }
                })
                .chain(() -> Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery("""
                                INSERT INTO sandbox_payments (payment_id, topup_id, account, amount_minor, currency, status)
                                VALUES (:id, :topup, :account, :amount, :currency, 'requires_payment_method')
                                ON CONFLICT (payment_id) DO NOTHING""")
                        .setParameter("id", ref).setParameter("topup", topupId).setParameter("account", account)
                        .setParameter("amount", amountMinor).setParameter("currency", currency)
                        .executeUpdate())))
                .invoke(() -> faults.trip(SagaFaults.Point.AFTER_CREATE))
                .replaceWith(new Checkout(ref, ref + "_secret_sandbox"));
    }

    @Override
    public Uni<Payment> readPayment(String paymentRef) {
        return Panache.withSession(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT payment_id, status, amount_minor, currency, topup_id FROM sandbox_payments WHERE payment_id = :id",
                        Object[].class)
                .setParameter("id", paymentRef).getResultList()))
                .map(rows -> rows.isEmpty() ? null : new Payment((String) rows.get(0)[0], (String) rows.get(0)[1],
                        ((Number) rows.get(0)[2]).longValue(), (String) rows.get(0)[3], (String) rows.get(0)[4], false));
    }

    /** The privileged step: the payment succeeds (as if the card were charged) or fails. */
    Uni<Payment> settle(String paymentRef, boolean succeeded) {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery("""
                        UPDATE sandbox_payments SET status = :status, captured_at = CASE WHEN :paid THEN now() END
                        WHERE payment_id = :id AND status = 'requires_payment_method'""")
                .setParameter("status", succeeded ? "succeeded" : "canceled").setParameter("paid", succeeded)
                .setParameter("id", paymentRef).executeUpdate()))
                .chain(() -> readPayment(paymentRef));
    }

    @Override
    public Uni<Payment> cancelPayment(String paymentRef) {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                        "UPDATE sandbox_payments SET status = 'canceled' WHERE payment_id = :id AND status = 'requires_payment_method'")
                .setParameter("id", paymentRef).executeUpdate()))
                .chain(() -> readPayment(paymentRef));
    }

    @Override
    public Uni<Refund> refund(String topupId, String paymentRef, long amountMinor, String refundRef) {
        return Uni.createFrom().voidItem()
                .invoke(() -> faults.trip(SagaFaults.Point.REFUND))
                .chain(() -> Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                                "UPDATE sandbox_payments SET refunded_at = now() WHERE payment_id = :id AND refunded_at IS NULL")
                        .setParameter("id", paymentRef)
                        .executeUpdate())))
                .replaceWith(new Refund(refundRef(topupId), "succeeded"));
    }

    /** The sandbox's refund of a top-up's payment: its saga's own, or one made outside ({@link #refundOutside}). */
    static String refundRef(String topupId) {
        return "sbx_re_" + topupId;
    }

    /**
     * The privileged step that plays a refund made outside the suite (in the provider's dashboard, or
     * by a card network preventing a chargeback): the whole payment goes back to the card, once. False
     * when the payment was never taken.
     */
    Uni<Boolean> refundOutside(String paymentRef) {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery("""
                        UPDATE sandbox_payments SET refunded_at = COALESCE(refunded_at, now())
                        WHERE payment_id = :id AND status = 'succeeded'""")
                .setParameter("id", paymentRef).executeUpdate()))
                .map(updated -> updated > 0);
    }

    /** A refund as the sandbox has it: the whole payment, succeeded once it is refunded. */
    @Override
    public Uni<RefundMade> readRefund(String refundRef) {
        if (refundRef == null || !refundRef.startsWith("sbx_re_")) {
            return Uni.createFrom().nullItem();
        }
        return Panache.withSession(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT payment_id, amount_minor, currency FROM sandbox_payments WHERE topup_id = :topup AND refunded_at IS NOT NULL",
                        Object[].class)
                .setParameter("topup", refundRef.substring("sbx_re_".length())).getResultList()))
                .map(rows -> rows.isEmpty() ? null : new RefundMade(refundRef, (String) rows.get(0)[0],
                        ((Number) rows.get(0)[1]).longValue(), (String) rows.get(0)[2], "succeeded"));
    }
}
