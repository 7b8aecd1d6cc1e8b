package com.platformeconomy.wallet.topup;

import com.platformeconomy.contracts.event.SuiteIds;
import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import com.platformeconomy.wallet.balance.WalletService;
import com.platformeconomy.wallet.topup.PaymentGateway.Dispute;
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
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Chargebacks: the card holder's bank took a top-up's payment back (a Stripe dispute). The tokens
 * it bought were never paid for, so they go back to the treasury, below zero when they were spent
 * (a debt the next top-up pays); a dispute the platform wins gives them back. Only the dispute's
 * id comes from the webhook: the dispute is read back from the provider, and what the wallet holds
 * follows what the provider says now (money withdrawn: taken; won, and only won: returned). Each
 * movement has a suite id ({@link SuiteIds#chargeback}, {@link SuiteIds#chargebackReturned}), so a
 * redelivery, a concurrent delivery or a retry after a crash moves nothing twice. A pass every hour
 * lists the disputes of the last days at the provider, so a chargeback whose webhook never came (an
 * endpoint down for days, not subscribed yet) is still taken: the sweep reads only disputes the
 * wallet already knows, and without the pass the user would keep tokens whose money the bank took.
 */
@ApplicationScoped
public class Chargebacks {

    private static final Logger LOG = Logger.getLogger(Chargebacks.class);
    static final String TAKING = "taking";
    static final String TAKEN = "taken";
    static final String RETURNING = "returning";
    static final String RETURNED = "returned";
    /** The dispute was lost: the tokens stay taken for good (nothing reads it again). */
    static final String LOST = "lost";

    private final PaymentGateway gateway;
    private final WalletService wallets;
    private final SuiteMoves moves;
    private final Refunds refunds;
    private final MeterRegistry metrics;
    private final Duration lookback;

    public Chargebacks(PaymentGateway gateway, WalletService wallets, SuiteMoves moves, Refunds refunds, MeterRegistry metrics,
                       @ConfigProperty(name = "wallet.topup.dispute-lookback", defaultValue = "P7D") Duration lookback) {
        this.gateway = gateway;
        this.wallets = wallets;
        this.moves = moves;
        this.refunds = refunds;
        this.metrics = metrics;
        this.lookback = lookback;
    }

    /** A notice that a dispute was opened or changed: the wallet follows the dispute as the provider has it now. */
    public Uni<Outcome> onDispute(String disputeRef) {
        return gateway.readDispute(disputeRef).chain(this::follow);
    }

    /**
     * A dispute as the provider has it now (read back for a webhook, or listed by the pass): the top-up
     * its payment names, if it is one of ours. One path for both, so a dispute the webhook and the pass
     * both see is decided under the same row lock and moved once, under the same suite ids.
     */
    private Uni<Outcome> follow(Dispute dispute) {
        return (dispute == null || dispute.paymentRef() == null ? Uni.createFrom().item(Outcome.unknown)
                : Panache.withSession(() -> TopUp.<TopUp>find("paymentRef", dispute.paymentRef()).firstResult())
                        .chain(topUp -> topUp == null ? Uni.createFrom().item(Outcome.unknown) : follow(dispute, topUp.topupId)))
                .invoke(outcome -> metrics.counter("wallet.topup.chargebacks", "outcome", outcome.name()).increment());
    }

    /**
     * What the claim decided under the top-up's lock: the step to take now, or the answer. The take
     * moves {@code taken} (the chargeback's own); a won dispute gives back {@code held} (that and
     * what failed refunds left to it, {@link TopUp#chargebackHeld}).
     */
    private record Step(String state, String account, String disputeRef, long taken, long held, Outcome answer) {
        static Step answer(Outcome outcome) {
            return new Step(null, null, null, 0, 0, outcome);
        }
    }

    /**
     * Decides under the top-up's row lock, and writes down what it is about to do before doing it
     * (taking, returning): a concurrent delivery sees it and a crash leaves it for the next delivery
     * or the sweep, which finish it. The moves themselves are idempotent on their suite ids.
     */
    private Uni<Outcome> follow(Dispute dispute, String topupId) {
        return Panache.withTransaction(() -> TopUp.<TopUp>findById(topupId, LockModeType.PESSIMISTIC_WRITE).map(t -> {
            if (dispute.currency() == null || !dispute.currency().equalsIgnoreCase(t.currency) || t.amountMinor == null
                    || dispute.amountMinor() <= 0 || dispute.amountMinor() > t.amountMinor
                    || (t.disputeRef != null && !t.disputeRef.equals(dispute.disputeRef()))) {
                LOG.errorf("top-up %s: dispute %s does not match it (%s %s of %s %s): nothing moved", t.topupId,
                        dispute.disputeRef(), dispute.amountMinor(), dispute.currency(), t.amountMinor, t.currency);
                return Step.answer(Outcome.mismatch);
            }
            if (t.state == State.failed || t.state == State.refunded) {
                return Step.answer(Outcome.ignored); // no tokens were given for it, or its money went back
            }
            if (t.state != State.credited) {
                // Not paid or not credited yet: the 503 makes Stripe deliver the event again later.
                throw new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "Top-up " + t.topupId + " is still " + t.state
                        + "; its dispute is taken into account once it is credited.");
            }
            t.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
            if (t.disputeRef != null && t.disputeTokens == null) {
                t.disputeTokens = t.tokensBoughtBy(dispute.amountMinor()); // a dispute taken before V11 recorded it
            }
            boolean withdrawn = dispute.fundsWithdrawn();
            if (!withdrawn && t.chargebackState == null && "won".equals(dispute.status())) {
                // Won before anything was taken: written down, so an older reading delivered late takes nothing.
                t.disputeRef = dispute.disputeRef();
                t.chargebackState = RETURNED;
                return Step.answer(Outcome.ignored);
            }
            if ("lost".equals(dispute.status()) && TAKEN.equals(t.chargebackState)) {
                t.chargebackState = LOST;
            }
            if (withdrawn && t.chargebackState == null) {
                // Never more than the payment bought, less what refunds made outside the saga took.
                long wanted = t.tokensBoughtBy(dispute.amountMinor());
                long tokens = Math.min(wanted, t.tokensLeftToTake());
                t.disputeRef = dispute.disputeRef();
                t.disputeTokens = wanted;
                if (tokens <= 0) {
                    // Refunds took them all first (or the amount buys no whole token): written down, so a refund
                    // failing later is kept for the bank.
                    t.chargebackState = TAKEN;
                    return Step.answer(Outcome.ignored);
                }
                t.chargebackTokens = tokens;
                t.chargebackState = TAKING;
            } else if ("won".equals(dispute.status()) && (TAKING.equals(t.chargebackState) || TAKEN.equals(t.chargebackState))) {
                // Only won gives back: a reading made before the escalation (an inquiry), applied after a
                // concurrent delivery took the tokens, or a status Stripe adds later, withdraws nothing
                // and returns nothing either.
                t.chargebackState = RETURNING;
            }
            if (t.chargebackState == null) {
                return Step.answer(Outcome.ignored); // an inquiry, or won before anything was taken
            }
            return new Step(t.chargebackState, t.account, t.disputeRef, t.chargebackTokens == null ? 0 : t.chargebackTokens,
                    t.chargebackHeld(), Outcome.replay);
        })).chain(step -> switch (step.state() == null ? "" : step.state()) {
            case TAKING -> take(step).chain(moved -> settle(topupId, TAKING, TAKEN).replaceWith(moved));
            // Taken first (a replay if it was, a take if a crash came before it), then given back.
            case RETURNING -> take(step).chain(() -> giveBack(step)).chain(moved -> settle(topupId, RETURNING, RETURNED).replaceWith(moved));
            default -> Uni.createFrom().item(step.answer());
        }).call(() -> refunds.settleOwed(topupId)); // a refund that waited for this dispute's end is taken now
    }

    private Uni<Outcome> take(Step step) {
        if (step.taken() == 0) {
            return Uni.createFrom().item(Outcome.ignored); // refunds had taken them all: only what they left to it is held
        }
        return moves.once(SuiteIds.chargeback(step.disputeRef()),
                eventId -> wallets.takeBack(step.account(), eventId, step.taken(), "chargeback " + step.disputeRef()))
                .invoke(outcome -> LOG.warnf("chargeback %s: %d tokens taken back from %s (%s)", step.disputeRef(),
                        step.taken(), step.account(), outcome));
    }

    private Uni<Outcome> giveBack(Step step) {
        if (step.held() == 0) {
            return Uni.createFrom().item(Outcome.ignored);
        }
        return moves.once(SuiteIds.chargebackReturned(step.disputeRef()),
                eventId -> wallets.credit(step.account(), eventId, step.held(), "chargeback reversed " + step.disputeRef()))
                .invoke(outcome -> LOG.infof("dispute %s won: %d tokens given back to %s (%s)", step.disputeRef(),
                        step.held(), step.account(), outcome));
    }

    /** {@code from} → {@code to}, unless a concurrent delivery moved it on meanwhile (e.g. taking → returning). */
    private static Uni<Void> settle(String topupId, String from, String to) {
        return Panache.withTransaction(() -> TopUp.update("chargebackState = ?1, updatedAt = ?2 where topupId = ?3 and chargebackState = ?4",
                to, OffsetDateTime.now(ZoneOffset.UTC), topupId, from)).replaceWithVoid();
    }

    /**
     * Disputes a delivery left half done (taking, returning) are finished first, and every taken one
     * (not yet won or lost) is read again once a day: a won dispute whose webhook Stripe gave up on is
     * still given back. Each row is pushed back before it is read, so one Stripe no longer answers for
     * does not come round every pass.
     */
    @Scheduled(every = "${wallet.topup.chargeback-sweep-interval:10m}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return Panache.withSession(() -> TopUp.<TopUp>find("(chargebackState in ?1 and updatedAt < ?2) or (chargebackState = ?3 and updatedAt < ?4) "
                                + "order by case when chargebackState = ?3 then 1 else 0 end, updatedAt",
                        List.of(TAKING, RETURNING), now.minusMinutes(1), TAKEN, now.minusDays(1)).page(0, 100).list())
                .chain(due -> io.smallrye.mutiny.Multi.createFrom().iterable(due.stream().map(t -> List.of(t.topupId, t.disputeRef)).toList())
                        .onItem().transformToUniAndConcatenate(row -> Panache.withTransaction(() -> TopUp.update(
                                        "updatedAt = ?1 where topupId = ?2", now, row.get(0)))
                                .chain(() -> onDispute(row.get(1)))
                                .onFailure().recoverWithItem(failure -> {
                                    LOG.warnf("chargeback %s not finished now: %s", row.get(1), failure.getMessage());
                                    return Outcome.ignored;
                                }))
                        .collect().asList().replaceWithVoid());
    }

    /**
     * Every dispute the provider opened in the last {@code wallet.topup.dispute-lookback} (7 days) is
     * followed, whatever its webhook did: one never delivered (the endpoint down past Stripe's 3 days
     * of retries, or not subscribed to the dispute events yet), an inquiry whose escalation was not
     * told (within the lookback: the listing filters on the dispute's creation, so one opened earlier
     * whose every delivery was lost is not found). Those of payments that are no top-up of ours are skipped. One the wallet already follows
     * (written down under the row lock by a delivery, the sweep or an earlier pass) is a replay there,
     * so nothing moves twice; and a listing read before a concurrent delivery is only an older reading,
     * which {@link #follow(Dispute, String)} neither takes again nor gives back on.
     */
    @Scheduled(every = "${wallet.topup.dispute-reconcile-interval:1h}", delayed = "2m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> reconcile() {
        return gateway.disputesSince(Instant.now().minus(lookback))
                .chain(disputes -> Multi.createFrom().iterable(disputes).onItem()
                        .transformToUniAndConcatenate(dispute -> follow(dispute).onFailure().recoverWithItem(failure -> {
                            LOG.warnf("dispute %s not followed now: %s", dispute.disputeRef(), failure.getMessage());
                            return Outcome.ignored;
                        }))
                        .collect().asList())
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("disputes not listed now: %s", failure.getMessage());
                    return List.of();
                })
                .replaceWithVoid();
    }
}
