package com.platformeconomy.wallet.topup;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The payment gateway shipped with the suite: it takes every payment and records captures and
 * refunds in {@code sandbox_payments}, and fails where {@link SagaFaults} says. A card processor's
 * adapter replaces it behind {@link PaymentGateway}.
 */
@ApplicationScoped
public class SandboxGateway implements PaymentGateway {

    private final SagaFaults faults;

    public SandboxGateway(SagaFaults faults) {
        this.faults = faults;
    }

    @Override
    public Uni<String> capture(String topupId, String account, long amountTokens) {
        return Uni.createFrom().voidItem()
                .invoke(() -> {
                    if (faults.tripped(SagaFaults.Point.CAPTURE)) {
                        throw new PaymentDeclined("the sandbox declined the payment");
                    }
                })
                .chain(() -> Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery("""
                                INSERT INTO sandbox_payments (payment_id, account, amount_tokens) VALUES (:id, :account, :amount)
                                ON CONFLICT (payment_id) DO NOTHING""")
                        .setParameter("id", topupId).setParameter("account", account).setParameter("amount", amountTokens)
                        .executeUpdate())))
                .replaceWith("sandbox:" + topupId)
                .invoke(() -> faults.trip(SagaFaults.Point.AFTER_CAPTURE));
    }

    @Override
    public Uni<Void> refund(String topupId) {
        return Uni.createFrom().voidItem()
                .invoke(() -> faults.trip(SagaFaults.Point.REFUND))
                .chain(() -> Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                                "UPDATE sandbox_payments SET refunded_at = now() WHERE payment_id = :id AND refunded_at IS NULL")
                        .setParameter("id", topupId)
                        .executeUpdate())))
                .replaceWithVoid();
    }
}
