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
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Refunds of a credited top-up's payment made outside the saga: by someone in the provider's
 * dashboard or API, or by a card network refunding to prevent a chargeback (Visa RDR; Stripe marks
 * such a dispute "prevented" and moves no dispute money). The money went back to the card, so the
 * tokens it bought go back to the treasury, below zero when they were spent (a debt the next top-up
 * pays). Only ids come from the webhook: each refund is read back from the provider, and only a
 * succeeded one takes anything; one that fails after it was taken gives the tokens back. Each
 * movement has a suite id ({@link SuiteIds#refundTaken}, {@link SuiteIds#refundReturned}).
 *
 * <p>Decided under the top-up's row lock (the one its chargeback takes) and written down before the
 * move, so redeliveries, concurrent deliveries and a crash move nothing twice. Refunds and a
 * chargeback never take more than the payment bought ({@link TopUp#tokensLeftToTake}); a refund
 * that succeeds while a dispute holds the tokens is owed, and taken once the dispute ends (a won
 * dispute gives its tokens back first). The saga's own refunds (of a top-up whose credit failed)
 * find a top-up that gave no tokens. A pass every hour lists the refunds of the last days at the
 * provider, so a refund whose webhook never came (an endpoint down for days, not subscribed yet)
 * is still taken.
 */
@ApplicationScoped
public class Refunds {

    private static final Logger LOG = Logger.getLogger(Refunds.class);

    private final PaymentGateway gateway;
    private final WalletService wallets;
    private final SuiteMoves moves;
    private final MeterRegistry metrics;
    private final Duration lookback;

    public Refunds(PaymentGateway gateway, WalletService wallets, SuiteMoves moves, MeterRegistry metrics,
                   @ConfigProperty(name = "wallet.topup.refund-lookback", defaultValue = "P7D") Duration lookback) {
        this.gateway = gateway;
        this.wallets = wallets;
        this.moves = moves;
        this.metrics = metrics;
        this.lookback = lookback;
    }

    /** A notice that a refund was made or changed: the wallet follows the refund as the provider has it now. */
    public Uni<Outcome> onRefund(String refundRef) {
        return gateway.readRefund(refundRef).chain(this::follow);
    }

    /**
     * A notice that a charge was refunded (Stripe's {@code charge.refunded} names the charge, not the
     * refund): every refund the provider lists for it is followed. Applied when one moved tokens now.
     */
    public Uni<Outcome> onChargeRefunded(String chargeRef) {
        return gateway.refundsOf(chargeRef).chain(this::followAll);
    }

    /** Every refund followed, one failing not stopping the others; the first failure then fails the whole (Stripe redelivers). */
    private Uni<Outcome> followAll(List<RefundMade> refunds) {
        List<Throwable> failures = new ArrayList<>();
        return Multi.createFrom().iterable(refunds).onItem()
                .transformToUniAndConcatenate(refund -> follow(refund).onFailure().recoverWithItem(failure -> {
                    failures.add(failure);
                    return Outcome.ignored;
                }))
                .collect().asList()
                .map(outcomes -> {
                    if (!failures.isEmpty()) {
                        throw failures.get(0) instanceof RuntimeException runtime ? runtime : new IllegalStateException(failures.get(0));
                    }
                    return outcomes.contains(Outcome.applied) ? Outcome.applied
                            : outcomes.contains(Outcome.replay) ? Outcome.replay
                            : outcomes.isEmpty() ? Outcome.unknown : outcomes.get(0);
                });
    }

    /** A refund as the provider has it now: the top-up its payment names, if it is one of ours. */
    private Uni<Outcome> follow(RefundMade refund) {
        return (refund == null || refund.paymentRef() == null ? Uni.createFrom().item(Outcome.unknown)
                : Panache.withSession(() -> TopUp.<TopUp>find("paymentRef", refund.paymentRef()).firstResult())
                        .chain(topUp -> topUp == null ? Uni.createFrom().item(Outcome.unknown) : follow(refund, topUp.topupId)))
                .invoke(outcome -> metrics.counter("wallet.topup.refunds", "outcome", outcome.name()).increment());
    }

    private enum Move { NONE, TAKE, RETURN }

    /**
     * What the claim decided under the top-up's lock: the move to make now, or only the answer. A take
     * moves {@code tokens}; a return takes them first (a replay unless a crash came before) and gives
     * {@code giveBack} of them back (what the chargeback did not keep).
     */
    private record Step(Move move, String refundRef, String account, long tokens, long giveBack, Outcome answer) {
        static Step answer(Outcome outcome) {
            return new Step(Move.NONE, null, null, 0, 0, outcome);
        }

        static Step take(TopUpRefund row, String account, Outcome answer) {
            return new Step(Move.TAKE, row.refundRef, account, row.tokens, 0, answer);
        }

        static Step giveBack(TopUpRefund row, String account, Outcome answer) {
            return new Step(Move.RETURN, row.refundRef, account, row.tokens, row.givenBack == null ? row.tokens : row.givenBack, answer);
        }
    }

    private Uni<Outcome> follow(RefundMade refund, String topupId) {
        return Panache.withTransaction(() -> TopUp.<TopUp>findById(topupId, LockModeType.PESSIMISTIC_WRITE)
                        .chain(t -> TopUpRefund.<TopUpRefund>findById(refund.refundRef())
                                .chain(known -> known == null ? first(t, refund)
                                        : owedMinor(t.topupId).map(owed -> again(t, known, refund, owed)))))
                .chain(this::run);
    }

    /** A refund seen before: finish what was written down, give back one that failed after it was taken. */
    private static Step again(TopUp t, TopUpRefund row, RefundMade refund, long owedMinor) {
        boolean failed = "failed".equals(refund.status()) || "canceled".equals(refund.status());
        OffsetDateTime now = now();
        switch (row.state) {
            case TopUpRefund.OWED -> {
                if (failed) {
                    // Never taken: nothing to give back, and its amount no longer counts.
                    t.refundedMinor -= row.amountMinor;
                    row.tokens = 0;
                    row.state = TopUpRefund.RETURNED;
                    row.updatedAt = now;
                    return Step.answer(Outcome.ignored);
                }
                return refund.succeeded() ? owedNow(t, row) : Step.answer(Outcome.replay);
            }
            case TopUpRefund.TAKING, TopUpRefund.TAKEN -> {
                if (!failed) {
                    return TopUpRefund.TAKING.equals(row.state) ? Step.take(row, t.account, Outcome.replay) : Step.answer(Outcome.replay);
                }
                if (Chargebacks.TAKING.equals(t.chargebackState)) {
                    // What the chargeback will hold is not settled yet: Stripe delivers again, the hourly pass reads it again.
                    throw new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "Top-up " + t.topupId
                            + ": its chargeback is being taken; the failure of refund " + row.refundRef + " is taken into account after it.");
                }
                t.refundedTokens -= row.tokens;
                t.refundedMinor -= row.amountMinor;
                // What is taken stays at what the money still gone bought (TopUp.giveBackOnFailure): a chargeback
                // capped because this refund had the tokens first keeps them, the bank has that money.
                long giveBack = t.giveBackOnFailure(row.tokens, owedMinor);
                LOG.errorf("refund %s of top-up %s is %s after it took %d tokens: %d go back to %s", row.refundRef, t.topupId,
                        refund.status(), row.tokens, giveBack, t.account);
                t.chargebackKeptTokens += row.tokens - giveBack;
                row.givenBack = giveBack;
                t.updatedAt = now;
                row.updatedAt = now;
                if (row.tokens == 0 && giveBack == 0) {
                    row.state = TopUpRefund.RETURNED; // capped to nothing when it was taken: nothing to give back
                    return Step.answer(Outcome.ignored);
                }
                row.state = TopUpRefund.RETURNING;
                return Step.giveBack(row, t.account, Outcome.applied);
            }
            case TopUpRefund.RETURNING -> {
                return Step.giveBack(row, t.account, Outcome.replay);
            }
            default -> {
                return Step.answer(Outcome.replay);
            }
        }
    }

    /** A refund not seen before: checked against the top-up, written down owed, and taken now unless a dispute holds the tokens. */
    private static Uni<Step> first(TopUp t, RefundMade refund) {
        if (refund.currency() == null || !refund.currency().equalsIgnoreCase(t.currency) || t.amountMinor == null
                || refund.amountMinor() <= 0 || refund.amountMinor() > t.amountMinor) {
            LOG.errorf("top-up %s: refund %s does not match it (%s %s of %s %s): nothing moved", t.topupId,
                    refund.refundRef(), refund.amountMinor(), refund.currency(), t.amountMinor, t.currency);
            return Uni.createFrom().item(Step.answer(Outcome.mismatch));
        }
        if (t.state == State.failed || t.state == State.refunded) {
            return Uni.createFrom().item(Step.answer(Outcome.ignored)); // no tokens were given for it: the saga's own refund
        }
        if (t.state != State.credited) {
            // Paid but not credited yet, or compensating (which may still find the credit made): the 503 makes
            // Stripe deliver the event again once the saga has ended one way or the other.
            throw new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "Top-up " + t.topupId + " is still " + t.state
                    + "; its refund is taken into account once it is credited or refunded.");
        }
        if (!refund.succeeded()) {
            // Pending: Stripe tells again when it succeeds (and the hourly pass reads it). Failed, canceled: the money stayed.
            return Uni.createFrom().item(Step.answer(Outcome.ignored));
        }
        OffsetDateTime now = now();
        TopUpRefund row = new TopUpRefund();
        row.refundRef = refund.refundRef();
        row.topupId = t.topupId;
        row.amountMinor = refund.amountMinor();
        // Cut from the running total, so that parts refunded one by one add up to what the whole bought.
        row.tokens = t.tokensBoughtBy(Math.min(t.amountMinor, t.refundedMinor + refund.amountMinor()))
                - t.tokensBoughtBy(Math.min(t.amountMinor, t.refundedMinor));
        row.state = TopUpRefund.OWED;
        row.createdAt = now;
        row.updatedAt = now;
        t.refundedMinor += refund.amountMinor();
        t.updatedAt = now;
        return row.<TopUpRefund>persist().map(saved -> owedNow(t, saved));
    }

    /**
     * An owed refund is taken now, capped by what the payment has left to take, unless an open dispute
     * holds the tokens that it would need: then it waits for the dispute's end (won: given back, then
     * taken here; lost: capped by what the chargeback kept).
     */
    private static Step owedNow(TopUp t, TopUpRefund row) {
        if (t.disputeOpen() && row.tokens > t.tokensLeftToTake()) {
            LOG.warnf("refund %s of top-up %s: %d tokens owed until its dispute ends", row.refundRef, t.topupId, row.tokens);
            return Step.answer(Outcome.ignored);
        }
        OffsetDateTime now = now();
        row.tokens = Math.min(row.tokens, t.tokensLeftToTake());
        row.state = row.tokens > 0 ? TopUpRefund.TAKING : TopUpRefund.TAKEN;
        row.updatedAt = now;
        t.refundedTokens += row.tokens;
        t.updatedAt = now;
        return row.tokens > 0 ? Step.take(row, t.account, Outcome.applied) : Step.answer(Outcome.ignored);
    }

    private Uni<Outcome> run(Step step) {
        return switch (step.move()) {
            case TAKE -> take(step).call(() -> settle(step.refundRef(), TopUpRefund.TAKING, TopUpRefund.TAKEN));
            // Taken first (a replay if it was, a take if a crash came before it), then given back (what the chargeback did not keep).
            case RETURN -> take(step).chain(taken -> step.giveBack() == 0 ? Uni.createFrom().item(step.answer())
                            : moves.once(SuiteIds.refundReturned(step.refundRef()),
                                    eventId -> wallets.credit(step.account(), eventId, step.giveBack(), "refund failed " + step.refundRef())))
                    .invoke(outcome -> LOG.warnf("refund %s failed: %d tokens given back to %s (%s)", step.refundRef(), step.giveBack(),
                            step.account(), outcome))
                    .call(() -> settle(step.refundRef(), TopUpRefund.RETURNING, TopUpRefund.RETURNED));
            case NONE -> Uni.createFrom().item(step.answer());
        };
    }

    private Uni<Outcome> take(Step step) {
        if (step.tokens() == 0) {
            return Uni.createFrom().item(Outcome.replay); // capped to nothing: nothing was taken
        }
        return moves.once(SuiteIds.refundTaken(step.refundRef()),
                        eventId -> wallets.takeBack(step.account(), eventId, step.tokens(), "refund " + step.refundRef()))
                .invoke(outcome -> LOG.warnf("refund %s: %d tokens taken back from %s (%s)", step.refundRef(), step.tokens(),
                        step.account(), outcome));
    }

    /** {@code from} → {@code to}, unless a concurrent delivery moved it on meanwhile (taking → returning). */
    private static Uni<Integer> settle(String refundRef, String from, String to) {
        return Panache.withTransaction(() -> TopUpRefund.update("state = ?1, updatedAt = ?2 where refundRef = ?3 and state = ?4",
                to, now(), refundRef, from));
    }

    /** The amount of a top-up's owed refunds: counted as refunded, their tokens not taken yet. */
    private static Uni<Long> owedMinor(String topupId) {
        return Panache.getSession().chain(session -> session.createSelectionQuery(
                        "select coalesce(sum(r.amountMinor), 0) from TopUpRefund r where r.topupId = ?1 and r.state = ?2", Long.class)
                .setParameter(1, topupId).setParameter(2, TopUpRefund.OWED).getSingleResult());
    }

    /** The owed refunds of a top-up whose dispute may have ended (called after every chargeback decision, and by the sweep). */
    public Uni<Void> settleOwed(String topupId) {
        return Panache.withTransaction(() -> TopUp.<TopUp>findById(topupId, LockModeType.PESSIMISTIC_WRITE)
                        .chain(t -> TopUpRefund.<TopUpRefund>list("topupId = ?1 and state = ?2 order by createdAt", topupId, TopUpRefund.OWED)
                                .map(owed -> {
                                    List<Step> steps = new ArrayList<>();
                                    for (TopUpRefund row : owed) {
                                        steps.add(owedNow(t, row));
                                    }
                                    return steps;
                                })))
                .chain(steps -> Multi.createFrom().iterable(steps).onItem().transformToUniAndConcatenate(this::run).collect().asList())
                .replaceWithVoid();
    }

    /**
     * Finishes what a crash left (taking, returning: from the row alone, the provider is not asked
     * again) and takes owed refunds whose dispute ended. A row is touched before its move, so one that
     * keeps failing waits a pass behind the others.
     */
    @Scheduled(every = "${wallet.topup.refund-sweep-interval:10m}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        OffsetDateTime now = now();
        // Moves a crash left come first; owed refunds (which may wait weeks on a dispute) after them.
        return Panache.withSession(() -> TopUpRefund.<TopUpRefund>find("state in ?1 and updatedAt < ?2 "
                                + "order by case when state = 'owed' then 1 else 0 end, updatedAt",
                        List.of(TopUpRefund.OWED, TopUpRefund.TAKING, TopUpRefund.RETURNING), now.minusMinutes(1)).page(0, 100).list())
                .chain(due -> Multi.createFrom().iterable(due)
                        .onItem().transformToUniAndConcatenate(row -> Panache.withTransaction(() -> TopUpRefund.update(
                                                "updatedAt = ?1 where refundRef = ?2", now, row.refundRef)
                                        .chain(() -> TopUp.<TopUp>findById(row.topupId)))
                                .chain(t -> switch (row.state) {
                                    case TopUpRefund.OWED -> settleOwed(t.topupId).replaceWith(Outcome.ignored);
                                    case TopUpRefund.TAKING -> run(Step.take(row, t.account, Outcome.replay));
                                    default -> run(Step.giveBack(row, t.account, Outcome.replay));
                                })
                                .onFailure().recoverWithItem(failure -> {
                                    LOG.warnf("refund %s not finished now: %s", row.refundRef, failure.getMessage());
                                    return Outcome.ignored;
                                }))
                        .collect().asList().replaceWithVoid());
    }

    /**
     * Every refund the provider made in the last {@code wallet.topup.refund-lookback} (7 days) is
     * followed, whatever its webhook did: one never delivered (the endpoint down past Stripe's 3 days
     * of retries, or not subscribed to the refund events yet), a pending one whose success was not
     * told. Those of payments that are no top-up of ours are skipped; those followed before are replays.
     */
    @Scheduled(every = "${wallet.topup.refund-reconcile-interval:1h}", delayed = "2m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> reconcile() {
        return gateway.refundsSince(Instant.now().minus(lookback))
                .chain(refunds -> Multi.createFrom().iterable(refunds).onItem()
                        .transformToUniAndConcatenate(refund -> follow(refund).onFailure().recoverWithItem(failure -> {
                            LOG.warnf("refund %s not followed now: %s", refund.refundRef(), failure.getMessage());
                            return Outcome.ignored;
                        }))
                        .collect().asList())
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("refunds not listed now: %s", failure.getMessage());
                    return List.of();
                })
                .replaceWithVoid();
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
