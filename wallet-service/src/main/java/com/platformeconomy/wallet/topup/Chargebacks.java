package com.platformeconomy.wallet.topup;

import com.platformeconomy.contracts.event.SuiteIds;
import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import com.platformeconomy.wallet.balance.WalletService;
import com.platformeconomy.wallet.ledger.TokenLedger;
import com.platformeconomy.wallet.topup.PaymentGateway.Dispute;
import com.platformeconomy.wallet.topup.TopUp.State;
import com.platformeconomy.wallet.topup.TopUpSaga.Outcome;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Chargebacks: the card holder's bank took a top-up's payment back (a Stripe dispute). The tokens
 * it bought were never paid for, so they go back to the treasury, below zero when they were spent
 * (a debt the next top-up pays); a dispute the platform wins gives them back. Only the dispute's
 * id comes from the webhook: the dispute is read back from the provider, and what the wallet holds
 * follows what the provider says now (money withdrawn: taken; won: returned). Each movement has a
 * suite id ({@link SuiteIds#chargeback}, {@link SuiteIds#chargebackReturned}), so a redelivery, a
 * concurrent delivery or a retry after a crash moves nothing twice.
 */
@ApplicationScoped
public class Chargebacks {

    private static final Logger LOG = Logger.getLogger(Chargebacks.class);
    static final String TAKEN = "taken";
    static final String RETURNED = "returned";

    private final PaymentGateway gateway;
    private final WalletService wallets;
    private final TokenLedger ledger;
    private final MeterRegistry metrics;

    public Chargebacks(PaymentGateway gateway, WalletService wallets, TokenLedger ledger, MeterRegistry metrics) {
        this.gateway = gateway;
        this.wallets = wallets;
        this.ledger = ledger;
        this.metrics = metrics;
    }

    /** A notice that a dispute was opened or changed: the wallet follows the dispute as the provider has it now. */
    public Uni<Outcome> onDispute(String disputeRef) {
        return gateway.readDispute(disputeRef).chain(dispute -> dispute == null || dispute.paymentRef() == null
                        ? Uni.createFrom().item(Outcome.unknown)
                        : Panache.withSession(() -> TopUp.<TopUp>find("paymentRef", dispute.paymentRef()).firstResult())
                                .chain(topUp -> follow(dispute, topUp)))
                .invoke(outcome -> metrics.counter("wallet.topup.chargebacks", "outcome", outcome.name()).increment());
    }

    private Uni<Outcome> follow(Dispute dispute, TopUp topUp) {
        if (topUp == null) {
            return Uni.createFrom().item(Outcome.unknown);
        }
        if (dispute.currency() == null || !dispute.currency().equalsIgnoreCase(topUp.currency) || topUp.amountMinor == null
                || dispute.amountMinor() <= 0 || dispute.amountMinor() > topUp.amountMinor
                || (topUp.disputeRef != null && !topUp.disputeRef.equals(dispute.disputeRef()))) {
            LOG.errorf("top-up %s: dispute %s does not match it (%s %s of %s %s): nothing moved", topUp.topupId,
                    dispute.disputeRef(), dispute.amountMinor(), dispute.currency(), topUp.amountMinor, topUp.currency);
            return Uni.createFrom().item(Outcome.mismatch);
        }
        if (topUp.state == State.captured || topUp.state == State.compensating) {
            // Its credit or refund is still being made: Stripe delivers the event again later.
            return Uni.createFrom().failure(new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "Top-up " + topUp.topupId
                    + " is still " + topUp.state + "; its dispute is taken into account once that step is done."));
        }
        if (topUp.state != State.credited) {
            return Uni.createFrom().item(Outcome.ignored); // no tokens were given for it (or its money went back already)
        }
        boolean withdrawn = dispute.fundsWithdrawn();
        if (withdrawn && topUp.chargebackState == null) {
            return take(topUp, dispute.disputeRef(), tokens(topUp, dispute.amountMinor()));
        }
        if (!withdrawn && TAKEN.equals(topUp.chargebackState)) {
            return giveBack(topUp);
        }
        return Uni.createFrom().item(topUp.chargebackState == null ? Outcome.ignored : Outcome.replay);
    }

    /** The tokens {@code disputedMinor} of the payment bought: all of them for the whole payment, a share for part of it. */
    static long tokens(TopUp topUp, long disputedMinor) {
        return BigInteger.valueOf(topUp.amountTokens).multiply(BigInteger.valueOf(disputedMinor))
                .divide(BigInteger.valueOf(topUp.amountMinor)).longValueExact();
    }

    private Uni<Outcome> take(TopUp topUp, String disputeRef, long tokens) {
        String eventId = SuiteIds.chargeback(disputeRef);
        return movedBefore(eventId)
                .chain(booked -> booked ? Uni.createFrom().item(true)
                        : wallets.takeBack(topUp.account, eventId, tokens, "chargeback " + disputeRef).map(moved -> moved.replayed()))
                .chain(replayed -> record(topUp.topupId, t -> {
                    t.disputeRef = disputeRef;
                    t.chargebackTokens = tokens;
                    if (t.chargebackState == null) {
                        t.chargebackState = TAKEN;
                    }
                }).replaceWith(replayed ? Outcome.replay : Outcome.applied))
                .invoke(outcome -> LOG.warnf("top-up %s: chargeback %s took %d tokens back from %s (%s)", topUp.topupId,
                        disputeRef, tokens, topUp.account, outcome));
    }

    private Uni<Outcome> giveBack(TopUp topUp) {
        String eventId = SuiteIds.chargebackReturned(topUp.disputeRef);
        return movedBefore(eventId)
                .chain(booked -> booked ? Uni.createFrom().item(true)
                        : wallets.credit(topUp.account, eventId, topUp.chargebackTokens, "chargeback reversed " + topUp.disputeRef)
                                .map(moved -> moved.replayed()))
                .chain(replayed -> record(topUp.topupId, t -> t.chargebackState = RETURNED)
                        .replaceWith(replayed ? Outcome.replay : Outcome.applied))
                .invoke(outcome -> LOG.infof("top-up %s: dispute %s won, %d tokens given back to %s (%s)", topUp.topupId,
                        topUp.disputeRef, topUp.chargebackTokens, topUp.account, outcome));
    }

    /** Whether the ledger already holds the movement (Redis' record of a suite id lives days, the ledger for good). */
    private Uni<Boolean> movedBefore(String eventId) {
        return ledger.booked(List.of(eventId)).map(rows -> !rows.isEmpty());
    }

    private static Uni<TopUp> record(String topupId, java.util.function.Consumer<TopUp> change) {
        return Panache.withTransaction(() -> TopUp.<TopUp>findById(topupId, LockModeType.PESSIMISTIC_WRITE).invoke(t -> {
            change.accept(t);
            t.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
        }));
    }
}
