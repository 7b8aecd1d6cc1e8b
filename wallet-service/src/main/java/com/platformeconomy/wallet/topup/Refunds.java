package com.platformeconomy.wallet.topup;

import com.platformeconomy.contracts.event.SuiteIds;
import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import com.platformeconomy.wallet.balance.WalletService;
import com.platformeconomy.wallet.topup.PaymentGateway.RefundMade;
import com.platformeconomy.wallet.topup.TopUp.State;
import com.platformeconomy.wallet.topup.TopUpSaga.Outcome;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Refunds of a credited top-up's payment made outside the saga: by someone in the provider's
 * dashboard or API, or by a card network refunding to prevent a chargeback (Visa RDR; Stripe marks
 * such a dispute "prevented" and moves no dispute money). The money went back to the card, so the
 * tokens it bought go back to the treasury, below zero when they were spent (a debt the next
 * top-up pays). Only the refund's (or its charge's) id comes from the webhook: the refund is read
 * back from the provider, and only a succeeded one takes anything. Each refund takes once, under
 * its suite id ({@link SuiteIds#refundTaken}); refunds and a chargeback of one payment never take
 * more than it bought ({@link TopUp#tokensLeftToTake}). The saga's own refunds (of a top-up whose
 * credit failed) find a top-up that gave no tokens, and take nothing.
 */
@ApplicationScoped
public class Refunds {

    private static final Logger LOG = Logger.getLogger(Refunds.class);

    private final PaymentGateway gateway;
    private final WalletService wallets;
    private final SuiteMoves moves;
    private final MeterRegistry metrics;

    public Refunds(PaymentGateway gateway, WalletService wallets, SuiteMoves moves, MeterRegistry metrics) {
        this.gateway = gateway;
        this.wallets = wallets;
        this.moves = moves;
        this.metrics = metrics;
    }

    /** A notice that a refund was made or changed: the wallet follows the refund as the provider has it now. */
    public Uni<Outcome> onRefund(String refundRef) {
        return gateway.readRefund(refundRef).chain(refund -> refund == null || refund.paymentRef() == null
                        ? Uni.createFrom().item(Outcome.unknown)
                        : Panache.withSession(() -> TopUp.<TopUp>find("paymentRef", refund.paymentRef()).firstResult())
                                .chain(topUp -> topUp == null ? Uni.createFrom().item(Outcome.unknown) : follow(refund, topUp.topupId)))
                .invoke(outcome -> metrics.counter("wallet.topup.refunds", "outcome", outcome.name()).increment());
    }

    /**
     * A notice that a charge was refunded (Stripe's {@code charge.refunded} names the charge, not the
     * refund): every refund the provider lists for it is followed. Applied when one took tokens now.
     */
    public Uni<Outcome> onChargeRefunded(String chargeRef) {
        return gateway.refundsOf(chargeRef).chain(ids -> Multi.createFrom().iterable(ids).onItem()
                .transformToUniAndConcatenate(this::onRefund).collect().asList()
                .map(outcomes -> outcomes.contains(Outcome.applied) ? Outcome.applied
                        : outcomes.contains(Outcome.replay) ? Outcome.replay
                        : outcomes.isEmpty() ? Outcome.unknown : outcomes.get(0)));
    }

    /** What the claim decided under the top-up's lock: a take to make (tokens > 0), or the answer. */
    private record Step(String refundRef, String account, long tokens, Outcome answer) {
        static Step answer(Outcome outcome) {
            return new Step(null, null, 0, outcome);
        }
    }

    /**
     * Decides under the top-up's row lock (the one a chargeback of the same payment takes), and writes
     * the refund down (taking) before the move: a concurrent delivery finds it, a crash leaves it to
     * the next delivery or the sweep.
     */
    private Uni<Outcome> follow(RefundMade refund, String topupId) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return Panache.withTransaction(() -> TopUp.<TopUp>findById(topupId, LockModeType.PESSIMISTIC_WRITE)
                        .chain(t -> TopUpRefund.<TopUpRefund>findById(refund.refundRef()).chain(known -> {
                            if (known != null) {
                                return Uni.createFrom().item(TopUpRefund.TAKING.equals(known.state)
                                        ? new Step(known.refundRef, t.account, known.tokens, Outcome.replay) : Step.answer(Outcome.replay));
                            }
                            if (refund.currency() == null || !refund.currency().equalsIgnoreCase(t.currency) || t.amountMinor == null
                                    || refund.amountMinor() <= 0 || refund.amountMinor() > t.amountMinor) {
                                LOG.errorf("top-up %s: refund %s does not match it (%s %s of %s %s): nothing moved", t.topupId,
                                        refund.refundRef(), refund.amountMinor(), refund.currency(), t.amountMinor, t.currency);
                                return Uni.createFrom().item(Step.answer(Outcome.mismatch));
                            }
                            if (t.state == State.failed || t.state == State.compensating || t.state == State.refunded) {
                                return Uni.createFrom().item(Step.answer(Outcome.ignored)); // no tokens were given for it
                            }
                            if (t.state != State.credited) {
                                // Paid but not credited yet: the 503 makes Stripe deliver the event again later.
                                throw new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "Top-up " + t.topupId + " is still " + t.state
                                        + "; its refund is taken into account once it is credited.");
                            }
                            if (!refund.succeeded()) {
                                // Pending: Stripe tells again when it succeeds. Failed or canceled: the money stayed here.
                                return Uni.createFrom().item(Step.answer(Outcome.ignored));
                            }
                            long tokens = Math.min(Chargebacks.tokens(t, refund.amountMinor()), t.tokensLeftToTake());
                            TopUpRefund row = new TopUpRefund();
                            row.refundRef = refund.refundRef();
                            row.topupId = t.topupId;
                            row.amountMinor = refund.amountMinor();
                            row.tokens = tokens;
                            row.state = tokens > 0 ? TopUpRefund.TAKING : TopUpRefund.TAKEN;
                            row.createdAt = now;
                            row.updatedAt = now;
                            t.refundedTokens += tokens;
                            t.updatedAt = now;
                            return row.<TopUpRefund>persist().map(saved -> tokens > 0
                                    ? new Step(saved.refundRef, t.account, tokens, Outcome.applied) : Step.answer(Outcome.ignored));
                        })))
                .chain(step -> step.tokens() > 0 ? take(step) : Uni.createFrom().item(step.answer()));
    }

    /** Takes the refund's tokens (once, on its suite id) and writes it down taken. */
    private Uni<Outcome> take(Step step) {
        return moves.once(SuiteIds.refundTaken(step.refundRef()),
                        eventId -> wallets.takeBack(step.account(), eventId, step.tokens(), "refund " + step.refundRef()))
                .invoke(outcome -> LOG.warnf("refund %s: %d tokens taken back from %s (%s)", step.refundRef(), step.tokens(),
                        step.account(), outcome))
                .call(() -> Panache.withTransaction(() -> TopUpRefund.update("state = ?1, updatedAt = ?2 where refundRef = ?3 and state = ?4",
                        TopUpRefund.TAKEN, OffsetDateTime.now(ZoneOffset.UTC), step.refundRef(), TopUpRefund.TAKING)));
    }

    /**
     * Takes a crash left written down but not made are finished from the row alone (the provider is
     * not asked again: the refund was read succeeded when it was written down). Each row is pushed
     * back before its move, so one that keeps failing does not come round every pass.
     */
    @Scheduled(every = "${wallet.topup.refund-sweep-interval:10m}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return Panache.withSession(() -> TopUpRefund.<TopUpRefund>find("state = ?1 and updatedAt < ?2 order by updatedAt",
                        TopUpRefund.TAKING, now.minusMinutes(1)).page(0, 100).list())
                .chain(due -> Multi.createFrom().iterable(due.stream().map(r -> List.of(r.refundRef, r.topupId, Long.toString(r.tokens))).toList())
                        .onItem().transformToUniAndConcatenate(row -> Panache.withTransaction(() -> TopUpRefund.update(
                                                "updatedAt = ?1 where refundRef = ?2", now, row.get(0))
                                        .chain(() -> TopUp.<TopUp>findById(row.get(1))))
                                .chain(t -> take(new Step(row.get(0), t.account, Long.parseLong(row.get(2)), Outcome.replay)))
                                .onFailure().recoverWithItem(failure -> {
                                    LOG.warnf("refund %s not finished now: %s", row.get(0), failure.getMessage());
                                    return Outcome.ignored;
                                }))
                        .collect().asList().replaceWithVoid());
    }
}
