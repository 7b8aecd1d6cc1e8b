package com.platformeconomy.earnings.developer;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/**
 * A tier purchase, persisted before the wallet is debited so that a retry (after a timeout or a
 * crash) debits with the same event id and wallet-service answers with the first outcome.
 */
@Entity
@Table(name = "tier_purchases")
public class TierPurchase extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long purchaseId;
    public String developerId;
    public String tier;
    public long amount;
    /**
     * The wallet debit's event id, made when the purchase is first asked for and kept for every retry: a
     * tier-fee suite id ({@code pes/tier-fee/<UUIDv7>}); purchases from before 2026-12-04 hold a bare UUIDv7.
     */
    public String eventId;
    /** The Idempotency-Key the purchase was first asked under (unique per developer). */
    public String idempotencyKey;
    /** pending (debit not known to have happened), completed, or refused (402). */
    public String status;
    public OffsetDateTime createdAt;
    public OffsetDateTime completedAt;

    public TierPurchaseState state() {
        return TierPurchaseState.of(status);
    }

    /** Moves the purchase's state; a move its life cycle forbids throws (Lifecycle.ForbiddenTransition). */
    void moveTo(TierPurchaseState next) {
        status = state().moveTo(next).wire();
    }
}
