package com.platformeconomy.wallet.topup;

import com.platformeconomy.platform.state.Lifecycle;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Set;

/** One top-up saga and the step it has reached. */
@Entity
@Table(name = "topups")
public class TopUp extends PanacheEntityBase {

    /**
     * requested → requires_payment (the provider's payment exists, unpaid) → captured (the provider
     * confirmed the payment, verified) → credited; or → failed (nothing will be paid); or captured
     * → compensating → refunded. A payment that succeeds after its top-up failed is refunded too.
     */
    public enum State implements Lifecycle<State> {
        requested, requires_payment, captured, credited, compensating, refunded, failed;

        /** The constant's name, as JPA stores it (EnumType.STRING) and the API shows it. */
        @Override
        public String wire() {
            return name();
        }

        /**
         * The allowed transitions, all of them. requires_payment → requested: recovery found no
         * payment to cancel and asks the provider again.
         */
        @Override
        public Set<State> next() {
            return switch (this) {
                case requested -> Set.of(requires_payment, captured, failed);
                case requires_payment -> Set.of(requested, captured, failed);
                case captured -> Set.of(credited, compensating);
                case compensating -> Set.of(credited, refunded);
                case failed -> Set.of(compensating);
                case credited, refunded -> Set.of();
            };
        }
    }

    static final Set<State> UNFINISHED = EnumSet.of(State.requested, State.requires_payment, State.captured, State.compensating);
    /** Not yet paid: a payment notice may still move these. */
    static final Set<State> UNPAID = EnumSet.of(State.requested, State.requires_payment);

    @Id
    public String topupId;
    public String account;
    /** Who asked for it (the token's subject); never the one who confirms a sandbox payment. Null before V9. */
    public String requestedBy;
    public long amountTokens;
    /** The price in the currency's smallest unit (cents). */
    public Long amountMinor;
    public String currency;
    @Enumerated(EnumType.STRING)
    public State state;
    /** The provider's payment (Stripe: the PaymentIntent id). */
    public String paymentRef;
    public String clientSecret;
    public String refundRef;
    public String failure;
    public int attempts;
    public OffsetDateTime nextAttemptAt;
    public OffsetDateTime createdAt;
    public OffsetDateTime updatedAt;
    /** The provider's dispute of the payment (a chargeback), if any: Stripe's dispute id. */
    public String disputeRef;
    /** The tokens a chargeback took back from the wallet (its own move; null when it took none). */
    public Long chargebackTokens;
    /** What the dispute's amount bought, before refunds that took tokens first capped the chargeback. */
    public Long disputeTokens;
    /** Tokens refunds that failed after it left to the chargeback (taken by them, held for the bank now). */
    public long chargebackKeptTokens;
    /** null (nothing taken), taking, taken, returning, returned (the dispute was won) or lost (kept for good). */
    public String chargebackState;
    /** The tokens refunds made outside the saga hold now (each refund once: {@link TopUpRefund}); 0 when none. */
    public long refundedTokens;
    /** The amount of every succeeded refund counted (owed or taken), in the currency's smallest unit. */
    public long refundedMinor;
    /** When the saga entered its state: how long it has been stuck there, whatever retries touched it since. */
    public OffsetDateTime stateSince;

    /** Moves the saga on; a move its life cycle forbids throws (Lifecycle.ForbiddenTransition). */
    void moveTo(State next) {
        state = state.moveTo(next);
        stateSince = OffsetDateTime.now(ZoneOffset.UTC);
    }

    /**
     * The tokens {@code minor} of the payment bought (rounded down): all of them for the whole payment,
     * a share for part of it. What a chargeback or a refund of that much takes back.
     */
    long tokensBoughtBy(long minor) {
        return BigInteger.valueOf(amountTokens).multiply(BigInteger.valueOf(minor))
                .divide(BigInteger.valueOf(amountMinor)).longValueExact();
    }

    /**
     * The tokens a refund or a chargeback may still take back: what the payment bought, less what
     * refunds took and what a chargeback holds (taking, taken, lost; a won one gave them back).
     */
    long tokensLeftToTake() {
        boolean chargebackHolds = Chargebacks.TAKING.equals(chargebackState) || Chargebacks.TAKEN.equals(chargebackState)
                || Chargebacks.LOST.equals(chargebackState);
        return Math.max(0, amountTokens - refundedTokens - (chargebackHolds ? chargebackHeld() : 0));
    }

    /** What a chargeback holds: its own take and what failed refunds left to it. */
    long chargebackHeld() {
        return (chargebackTokens == null ? 0 : chargebackTokens) + chargebackKeptTokens;
    }

    /**
     * What a refund that fails after it took {@code refundTokens} gives back, once its tokens and amount
     * are no longer counted in {@link #refundedTokens} and {@link #refundedMinor}. With a chargeback
     * that holds (taken, lost) and the dispute's share known, what is taken stays at what the money
     * still gone bought: the other refunds (less {@code owedMinor}, those owed, which take their own
     * share later) and the dispute's amount, which the bank holds. So a chargeback capped because the
     * refund took those tokens first, or a later refund capped to less than its share, keeps them; and
     * tokens kept that way for a refund that fails in its turn come back. Without such a chargeback,
     * all the refund took.
     */
    long giveBackOnFailure(long refundTokens, long owedMinor) {
        boolean holds = Chargebacks.TAKEN.equals(chargebackState) || Chargebacks.LOST.equals(chargebackState);
        if (!holds || disputeTokens == null) {
            return refundTokens;
        }
        long gone = Math.min(amountTokens,
                tokensBoughtBy(Math.max(0, Math.min(amountMinor, refundedMinor - owedMinor))) + disputeTokens);
        long takenNow = refundedTokens + chargebackHeld() + refundTokens;
        return Math.max(0, Math.min(takenNow - gone, refundTokens + chargebackKeptTokens));
    }

    /** Whether a chargeback holds the payment's tokens while its dispute is still open (taking, taken, returning). */
    boolean disputeOpen() {
        return Chargebacks.TAKING.equals(chargebackState) || Chargebacks.TAKEN.equals(chargebackState)
                || Chargebacks.RETURNING.equals(chargebackState);
    }

    boolean finished() {
        return !UNFINISHED.contains(state);
    }
}
