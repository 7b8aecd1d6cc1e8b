package com.platformeconomy.wallet.topup;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/**
 * A refund of a credited top-up's payment made outside the saga, and the tokens it took back
 * ({@link Refunds}): written down (taking) before the move, taken after it.
 */
@Entity
@Table(name = "topup_refunds")
public class TopUpRefund extends PanacheEntityBase {

    static final String TAKING = "taking";
    static final String TAKEN = "taken";

    /** The provider's refund (Stripe: {@code re_…}). */
    @Id
    public String refundRef;
    public String topupId;
    /** What the provider refunded, in the currency's smallest unit. */
    public long amountMinor;
    /** The tokens taken back for it: its share of the top-up's, less what a chargeback or other refunds took. */
    public long tokens;
    public String state;
    public OffsetDateTime createdAt;
    public OffsetDateTime updatedAt;
}
