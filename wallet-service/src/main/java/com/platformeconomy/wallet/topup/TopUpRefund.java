package com.platformeconomy.wallet.topup;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/**
 * A refund of a credited top-up's payment made outside the saga, and the tokens it took back
 * ({@link Refunds}): written down (taking) before the move, taken after it; owed while a chargeback
 * holds the tokens; returning, returned when the refund failed after all.
 */
@Entity
@Table(name = "topup_refunds")
public class TopUpRefund extends PanacheEntityBase {

    /** Succeeded while a chargeback holds the payment's tokens: taken once the dispute ends. */
    static final String OWED = "owed";
    static final String TAKING = "taking";
    static final String TAKEN = "taken";
    /** Failed after it was taken (the provider kept the money): the tokens are being given back. */
    static final String RETURNING = "returning";
    static final String RETURNED = "returned";

    /** The provider's refund (Stripe: {@code re_…}). */
    @Id
    public String refundRef;
    public String topupId;
    /** What the provider refunded, in the currency's smallest unit. */
    public long amountMinor;
    /** Its share of the top-up's tokens: to take (owed, taking), taken, or given back (returned); capped by what was left. */
    public long tokens;
    /**
     * What this refund gives back, having failed after it was taken: its tokens, less what a chargeback
     * keeps of them, plus what was kept for it earlier; null until it fails.
     */
    public Long givenBack;
    public String state;
    public OffsetDateTime createdAt;
    public OffsetDateTime updatedAt;
}
