package com.platformeconomy.wallet.topup;

import com.platformeconomy.contracts.event.SuiteIds;
import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import com.platformeconomy.platform.problem.Unavailable;
import com.platformeconomy.platform.state.Lifecycle;
import com.platformeconomy.wallet.balance.Accounts;
import com.platformeconomy.wallet.balance.WalletService;
import com.platformeconomy.wallet.idempotency.EventWindow;
import com.platformeconomy.wallet.ledger.LedgerRow;
import com.platformeconomy.wallet.ledger.TokenLedger;
import com.platformeconomy.wallet.redis.LuaScripts;
import com.platformeconomy.wallet.redis.LuaScripts.Script;
import com.platformeconomy.wallet.topup.PaymentGateway.Payment;
import com.platformeconomy.wallet.topup.TopUp.State;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The top-up saga (SPEC §3, §10). {@link #start} prices the top-up and asks the provider for a
 * payment; nothing is credited then. A saga moves to {@code captured} only after the payment was read
 * back from the provider (with the service's own secret key) and its amount, currency, mode, status and
 * top-up id matched: when a Stripe webhook whose signature was verified names it ({@link #onPaymentNotice}),
 * when the sandbox's privileged confirmation does, or, once the top-up is overdue and every webhook of
 * it was lost (Stripe retries them for 3 days), when the provider reads it back succeeded ({@link #expire}). Then the wallet is credited under the suite's own event
 * id; if that cannot be done, the id is voided in Redis and the payment refunded.
 *
 * <p>Each step is idempotent (the provider on the top-up id, the credit on its event id) and each
 * outcome is written before the next step, so {@link #recover} can finish or compensate every
 * saga left behind. It takes sagas by due time and pushes a failing one back with a growing
 * delay, so a few that keep failing cannot starve the rest.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup
public class TopUpSaga {

    private static final Logger LOG = Logger.getLogger(TopUpSaga.class);

    /** What a payment notice did. */
    public enum Outcome {
        /** The payment was verified and the saga moved on. */
        applied,
        /** The saga had already taken this payment into account: nothing moved. */
        replay,
        /** The payment ended unpaid: the saga failed. */
        failed,
        /** The provider does not know the payment, or it is not a top-up of ours. */
        unknown,
        /** The payment does not match its top-up (amount, currency, id): nothing moved. */
        mismatch,
        /** Nothing to do for the payment in its current status. */
        ignored
    }

    /**
     * Claims the unfinished sagas that are due, the longest-waiting first, by pushing their due time
     * past the pass (so replicas do not run them twice). One statement, committed on its own: an idle
     * pass is one round trip, not a session and a transaction.
     */
    private static final String CLAIM_DUE = """
            UPDATE topups SET next_attempt_at = now() + interval '2 minutes'
            WHERE topup_id IN (SELECT topup_id FROM topups
                WHERE state IN ('requested', 'requires_payment', 'captured', 'compensating')
                  AND next_attempt_at <= now()
                ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
            RETURNING topup_id""";

    /**
     * Every saga by state, and how many of each are stuck: unfinished (paid, or being paid for) and
     * in their state since before $1; awaiting payment since before $2 (the payment timeout past that).
     */
    private static final String BY_STATE = """
            SELECT state, count(*),
                   count(*) FILTER (WHERE (state IN ('requested', 'captured', 'compensating') AND state_since < $1)
                                       OR (state = 'requires_payment' AND state_since < $2))
            FROM topups GROUP BY state""";

    private final PaymentGateway gateway;
    private final WalletService wallets;
    private final LuaScripts scripts;
    private final EventWindow window;
    private final SagaFaults faults;
    private final TopUpConfig config;
    private final Pool pool;
    private final MeterRegistry metrics;
    private final AtomicLong stuck = new AtomicLong();
    private final Map<State, AtomicLong> byState = new EnumMap<>(State.class);

    private final TokenLedger ledger;

    public TopUpSaga(PaymentGateway gateway, WalletService wallets, LuaScripts scripts, EventWindow window, SagaFaults faults,
                     TopUpConfig config, Pool pool, MeterRegistry metrics, TokenLedger ledger) {
        this.gateway = gateway;
        this.wallets = wallets;
        this.scripts = scripts;
        this.window = window;
        this.faults = faults;
        this.config = config;
        this.pool = pool;
        this.metrics = metrics;
        this.ledger = ledger;
        metrics.gauge("wallet.topup.stuck", List.of(), stuck);
        for (State state : State.values()) {
            AtomicLong count = new AtomicLong();
            byState.put(state, count);
            metrics.gauge("wallet.topups", List.of(Tag.of("state", state.name())), count);
        }
    }

    /** The price of {@code amountTokens} in the currency's smallest unit; 400 when it is not a whole number of them. */
    long price(long amountTokens) {
        BigDecimal minor = config.rate().multiply(BigDecimal.valueOf(amountTokens)).movePointRight(config.minorUnitDigits());
        try {
            return minor.longValueExact();
        } catch (ArithmeticException e) {
            throw new ApiException(ErrorCode.INEXACT_PRICE, amountTokens + " tokens cost " + minor.movePointLeft(config.minorUnitDigits())
                    .toPlainString() + " " + config.currency().toUpperCase() + ", which cannot be charged exactly; "
                    + "choose an amount whose price is a whole number of cents.");
        }
    }

    /** The advisory locks of top-up ids: the two-key space, apart from the accounts' daily-limit locks (one key). */
    private static final int TOPUP_ID_LOCKS = 7_001;

    /** Starts a top-up (or returns the one with this id) and runs it as far as it goes now: to requires_payment. */
    public Uni<Started> start(String topupId, String account, long amountTokens, String requestedBy) {
        wallets.requireAmount(amountTokens);
        OffsetDateTime dayStart = LocalDate.now(ZoneOffset.UTC).atStartOfDay().atOffset(ZoneOffset.UTC);
        boolean[] created = {false};
        // The id is looked up under a lock of its own: the same request twice at once (a double click) waits
        // for the first to write the row and answers it, instead of both inserting it (a 500) or both creating.
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                                "SELECT count(*) FROM (SELECT pg_advisory_xact_lock(:space, hashtext(:id))) AS locked", Long.class)
                        .setParameter("space", TOPUP_ID_LOCKS).setParameter("id", topupId).getSingleResult())
                .chain(() -> TopUp.<TopUp>findById(topupId)).chain(existing -> {
            if (existing != null) {
                if (!existing.account.equals(account) || existing.amountTokens != amountTokens) {
                    throw new ApiException(ErrorCode.TOPUP_ID_REUSED, "topup_id " + topupId + " belongs to another top-up.");
                }
                return Uni.createFrom().item(existing);
            }
            if (amountTokens < config.minTokens() || amountTokens > config.maxTokens()) {
                throw new ApiException(ErrorCode.TOPUP_AMOUNT_OUT_OF_RANGE, "A top-up is between " + config.minTokens() + " and "
                        + config.maxTokens() + " tokens.");
            }
            long amountMinor = price(amountTokens);
            // One account's top-ups are counted under a lock, so concurrent requests cannot pass the daily limit together.
            // A failed one counts when the owner started it and a payment was created for it (cancelled, declined,
            // abandoned): else starting and failing or cancelling in a loop would create payments at the provider
            // without end. One someone else started for the account does not (the owner may cancel it: cancel).
            return Panache.getSession().chain(session -> session.createNativeQuery(
                                    "SELECT count(*) FROM (SELECT pg_advisory_xact_lock(hashtext(:account))) AS locked", Long.class)
                            .setParameter("account", "topup:" + account).getSingleResult()
                            .chain(() -> session.createNativeQuery("""
                                            SELECT coalesce(sum(amount_tokens), 0) FROM topups
                                            WHERE account = :account AND created_at >= :day
                                              AND (state <> 'failed' OR (requested_by = :account AND payment_ref IS NOT NULL))""", Long.class)
                                    .setParameter("account", account).setParameter("day", dayStart).getSingleResult()))
                    .chain(today -> {
                        if (today + amountTokens > config.dailyMaxTokens()) {
                            throw new ApiException(ErrorCode.TOPUP_DAILY_LIMIT, "An account may top up at most "
                                    + config.dailyMaxTokens() + " tokens per day (UTC); " + today + " are already asked for today.");
                        }
                        TopUp topUp = new TopUp();
                        topUp.topupId = topupId;
                        topUp.account = account;
                        topUp.requestedBy = requestedBy;
                        topUp.amountTokens = amountTokens;
                        topUp.amountMinor = amountMinor;
                        topUp.currency = config.currency();
                        topUp.state = State.requested;
                        topUp.createdAt = now();
                        topUp.updatedAt = topUp.createdAt;
                        topUp.stateSince = topUp.createdAt;
                        // Left to recovery if this request dies before the provider answered.
                        topUp.nextAttemptAt = topUp.createdAt.plus(config.retryBackoff());
                        created[0] = true;
                        return topUp.<TopUp>persist();
                    });
        })).chain(topUp -> topUp.state == State.requires_payment
                // Awaiting the payment: the same request again (a double click, a client's retry) answers the saga
                // as it is; only recovery expires it, once the payment is overdue.
                ? Uni.createFrom().item(topUp)
                : advance(topUp)
                // The provider did not answer: the saga stays 'requested' and recovery asks again (same idempotency key).
                .onFailure(e -> !(e instanceof ApiException))
                .recoverWithUni(e -> {
                    LOG.warnf("top-up %s stays at %s for now: %s", topupId, topUp.state, e.getMessage());
                    return find(topupId);
                })).map(topUp -> new Started(topUp, created[0]));
    }

    /** A top-up as a start request left it; {@code created}: this request wrote it (201), else it answers an earlier one (200). */
    public record Started(TopUp topUp, boolean created) {
    }

    public Uni<TopUp> find(String topupId) {
        return Panache.withSession(() -> TopUp.<TopUp>findById(topupId));
    }

    /** Runs the saga from the step it is at until it finishes, waits for the payment, or a step fails. */
    Uni<TopUp> advance(TopUp topUp) {
        if (topUp.finished()) {
            return Uni.createFrom().item(topUp);
        }
        Uni<TopUp> step = switch (topUp.state) {
            case requested -> gateway.createPayment(topUp.topupId, topUp.account, topUp.amountMinor, topUp.currency)
                    .chain(checkout -> change(topUp.topupId, t -> {
                        if (t.paymentRef == null) {
                            t.paymentRef = checkout.paymentRef();
                        }
                        t.clientSecret = checkout.clientSecret();
                        if (t.state == State.requested) {
                            // A webhook may have moved it on already; only an unpaid saga starts waiting.
                            t.moveTo(State.requires_payment);
                            t.attempts = 0;
                            t.nextAttemptAt = t.createdAt.plus(config.paymentTimeout());
                        }
                    }))
                    .onFailure(PaymentGateway.PaymentDeclined.class)
                    .recoverWithUni(e -> change(topUp.topupId, t -> {
                        if (t.state == State.requested) {
                            t.moveTo(State.failed);
                            t.failure = "declined: " + e.getMessage();
                        }
                    }));
            // Reached only by recovery once the payment is overdue: cancel it, so it can never be paid later.
            case requires_payment -> expire(topUp);
            case captured -> credit(topUp)
                    .chain(() -> change(topUp.topupId, t -> {
                        if (t.state == State.captured) {
                            t.moveTo(State.credited);
                            t.failure = null;
                        }
                    }))
                    .invoke(() -> metrics.counter("wallet.topup.credited").increment())
                    // Only a credit that cannot be made is compensated; a store away for now leaves it to recovery.
                    .onFailure(e -> !mayPass(e))
                    .recoverWithUni(e -> change(topUp.topupId, t -> {
                        if (t.state == State.captured) {
                            t.moveTo(State.compensating);
                            t.failure = "credit failed: " + e.getMessage();
                            t.nextAttemptAt = now();
                        }
                    }));
            case compensating -> compensate(topUp);
            default -> Uni.createFrom().item(topUp);
        };
        return step.chain(next -> next.state == topUp.state || next.state == State.requires_payment
                ? Uni.createFrom().item(next) : advance(next));
    }

    /**
     * Credits the top-up once under its suite id. Redis remembers that id for
     * {@code wallet.suite-id-record-ttl} (7 days), the ledger for good: a saga that could not write
     * down its credit (the database away, a crash) and comes back asks both, so a credit Redis has
     * forgotten but the ledger holds is not made again.
     */
    private Uni<Void> credit(TopUp topUp) {
        return Uni.createFrom().voidItem()
                .invoke(() -> faults.trip(SagaFaults.Point.CREDIT))
                .chain(() -> inLedger(topUp))
                .chain(booked -> switch (booked) {
                    case THIS_CREDIT -> Uni.createFrom().voidItem();
                    // The route refuses a system account; one started before that rule is refunded, never credited.
                    case NOTHING -> Accounts.isSystem(topUp.account)
                            ? Uni.createFrom().failure(new ApiException(ErrorCode.FORBIDDEN,
                                    topUp.account + " is a system account: a top-up never credits one."))
                            : wallets.credit(topUp.account, SuiteIds.topUpCredit(topUp.topupId), topUp.amountTokens, "top-up")
                                    .replaceWithVoid();
                    // Cannot happen (no caller writes a suite id); if it did, the credit cannot be made: compensated.
                    case ANOTHER_MOVEMENT -> Uni.createFrom().failure(new IllegalStateException(
                            "the ledger holds " + SuiteIds.topUpCredit(topUp.topupId) + " for another movement"));
                });
    }

    /** What the ledger holds under the top-up's credit id. */
    private enum Booked { NOTHING, THIS_CREDIT, ANOTHER_MOVEMENT }

    private Uni<Booked> inLedger(TopUp topUp) {
        String creditId = SuiteIds.topUpCredit(topUp.topupId);
        return ledger.booked(List.of(creditId)).map(booked -> {
            LedgerRow held = booked.get(TokenLedger.key(creditId, LedgerRow.TO));
            if (held == null) {
                return Booked.NOTHING;
            }
            return held.account().equals(topUp.account) && held.amount() == topUp.amountTokens
                    ? Booked.THIS_CREDIT : Booked.ANOTHER_MOVEMENT;
        });
    }

    /**
     * Voids the credit's event id, then refunds — unless the credit had landed after all (the ledger
     * holds it, or Redis still has its record), in which case the saga is done.
     */
    private Uni<TopUp> compensate(TopUp topUp) {
        return inLedger(topUp).chain(booked -> booked == Booked.THIS_CREDIT ? creditedAfterAll(topUp) : voidAndRefund(topUp));
    }

    private Uni<TopUp> creditedAfterAll(TopUp topUp) {
        return change(topUp.topupId, t -> {
            if (t.state == State.compensating) {
                t.moveTo(State.credited);
            }
        });
    }

    private Uni<TopUp> voidAndRefund(TopUp topUp) {
        // The void compares the credit's fingerprint: only this very credit counts as applied.
        String creditId = SuiteIds.topUpCredit(topUp.topupId);
        // The credit's record, in the bucket the credit ran in (the account's; for a system account, the treasury's).
        return scripts.run(Script.VOID, List.of(wallets.home(wallets.treasury(), topUp.account).event(creditId)),
                        List.of(Long.toString(window.recordTtlSeconds(creditId)),
                                wallets.creditFingerprint(topUp.account, topUp.amountTokens, "top-up")))
                .map(VoidReply::decode)
                .chain(reply -> reply == VoidReply.APPLIED
                        ? creditedAfterAll(topUp)
                        : gateway.refund(topUp.topupId, topUp.paymentRef, topUp.amountMinor, topUp.refundRef)
                        .chain(refund -> change(topUp.topupId, t -> {
                            if (refund.refundRef() != null) {
                                t.refundRef = refund.refundRef();
                            }
                            if (refund.succeeded() && t.state == State.compensating) {
                                t.moveTo(State.refunded);
                                metrics.counter("wallet.topup.refunded").increment();
                            }
                        }).invoke(t -> {
                            if (!refund.succeeded()) {
                                // Pending (or failed) at the provider: asked again, by its id, until it is confirmed.
                                throw new IllegalStateException("refund " + refund.refundRef() + " is " + refund.status());
                            }
                        })));
    }

    /**
     * An overdue unpaid top-up: cancel its payment and fail it. A payment the provider will not cancel
     * because it succeeded is credited now: every webhook of it was lost (Stripe retries for 3 days, the
     * timeout is 4), and the answer read back with the service's own key is the authority a webhook's
     * read-back is too ({@link #apply}: same checks, same lock). One still processing waits: its money may
     * yet be taken, and a failed top-up would neither credit nor refund it without a webhook.
     */
    private Uni<TopUp> expire(TopUp topUp) {
        if (topUp.paymentRef == null) {
            return change(topUp.topupId, t -> {
                if (t.state == State.requires_payment) {
                    t.moveTo(State.requested);
                }
            });
        }
        return gateway.cancelPayment(topUp.paymentRef)
                .onFailure(StripeGateway.GatewayUnavailable.class).transform(e -> new ApiException(ErrorCode.SERVICE_UNAVAILABLE,
                        "The payment provider could not be asked to cancel the payment of top-up '" + topUp.topupId
                                + "' now; nothing changed, try again."))
                .chain(payment -> {
            if (payment != null && payment.succeeded() && topUp.topupId.equals(payment.topupId())) {
                LOG.warnf("top-up %s: payment %s succeeded and no verified webhook came; applied as the provider reads it back",
                        topUp.topupId, topUp.paymentRef);
                return apply(payment).chain(outcome -> outcome == Outcome.applied || outcome == Outcome.replay
                        ? find(topUp.topupId)
                        // Not applied (it does not match the saga: apply logged why): asked again no sooner than the longest back-off.
                        : change(topUp.topupId, t -> t.nextAttemptAt = now().plus(config.retryBackoffMax())));
            }
            if (payment != null && (payment.succeeded() || "processing".equals(payment.status()))) {
                LOG.warnf("top-up %s: payment %s is %s at the provider; asked again later", topUp.topupId, topUp.paymentRef,
                        payment.status());
                return change(topUp.topupId, t -> t.nextAttemptAt = now().plus(config.retryBackoffMax()));
            }
            return change(topUp.topupId, t -> {
                if (t.state == State.requires_payment) {
                    t.moveTo(State.failed);
                    t.failure = "not paid within " + config.paymentTimeout();
                }
            });
        });
    }

    /** The failure of a top-up its account's owner (or an admin) cancelled: {@code by} names who. */
    static String cancelledBy(String by) {
        return "cancelled by " + by;
    }

    /**
     * The account's owner (or an admin) gives up a top-up awaiting its payment: the payment is
     * cancelled at the provider and the top-up ends failed ({@code cancelled by <caller>}, a label for
     * people), so it no longer counts towards the account's daily limit unless the owner started it
     * (see {@link #start}): anyone who may start a top-up for the account could otherwise fill its
     * day with unpaid ones. A payment the provider took meanwhile, or is still processing, is not
     * cancelled (409): it is credited by the provider's signed notice (or, were that lost, when the
     * top-up is overdue and the provider reads it back succeeded). A failed
     * top-up answers as it is; any other state is 409.
     */
    public Uni<TopUp> cancel(TopUp topUp, String by) {
        if (topUp.state == State.failed) {
            return Uni.createFrom().item(topUp);
        }
        if (topUp.state != State.requires_payment || topUp.paymentRef == null) {
            throw new ApiException(ErrorCode.TOPUP_NOT_CANCELLABLE, "Top-up '" + topUp.topupId + "' is " + topUp.state
                    + (topUp.state == State.requested ? ": its payment is still being created; cancel it once it awaits payment."
                    : ": only a top-up awaiting its payment is cancelled."));
        }
        return gateway.cancelPayment(topUp.paymentRef)
                .onFailure(StripeGateway.GatewayUnavailable.class).transform(e -> new ApiException(ErrorCode.SERVICE_UNAVAILABLE,
                        "The payment provider could not be asked to cancel the payment of top-up '" + topUp.topupId
                                + "' now; nothing changed, try again."))
                .chain(payment -> {
            if (payment == null || !payment.canceled()) {
                throw new ApiException(ErrorCode.TOPUP_NOT_CANCELLABLE, "Top-up '" + topUp.topupId + "': its payment is "
                        + (payment == null ? "unknown to the provider" : payment.status())
                        + " and cannot be cancelled; a payment taken is credited once the provider confirms it.");
            }
            return apply(payment).chain(outcome -> change(topUp.topupId, t -> {
                if (t.state == State.failed && "payment cancelled".equals(t.failure)) {
                    t.failure = cancelledBy(by);
                }
            })).invoke(() -> LOG.infof("top-up %s cancelled by %s", topUp.topupId, by));
        }).chain(() -> find(topUp.topupId));
    }

    /**
     * A notice that a payment changed: a verified Stripe webhook, or the sandbox's privileged
     * confirmation. Trusts nothing in the notice but the payment's id: the payment is read back
     * from the provider and compared with the saga it names.
     */
    public Uni<Outcome> onPaymentNotice(String paymentRef, boolean paymentFailed) {
        return gateway.readPayment(paymentRef).chain(payment -> {
            if (payment == null || payment.topupId() == null) {
                return Uni.createFrom().item(Outcome.unknown);
            }
            if (paymentFailed && !payment.succeeded() && !payment.canceled()) {
                // The attempt failed and Stripe lets the customer try again: cancel it instead, so that
                // the top-up can end 'failed' and no later payment can land on a failed saga unnoticed.
                return gateway.cancelPayment(paymentRef).chain(after -> apply(after == null ? payment : after));
            }
            return apply(payment);
        }).invoke(outcome -> metrics.counter("wallet.topup.payment.notices", "outcome", outcome.name()).increment());
    }

    private Uni<Outcome> apply(Payment payment) {
        Outcome[] outcome = {Outcome.ignored};
        return Panache.withTransaction(() -> TopUp.<TopUp>findById(payment.topupId(), LockModeType.PESSIMISTIC_WRITE).map(t -> {
            if (t == null) {
                outcome[0] = Outcome.unknown;
                return null;
            }
            if ((t.paymentRef != null && !t.paymentRef.equals(payment.paymentRef()))
                    || t.amountMinor == null || payment.amountMinor() != t.amountMinor
                    || payment.currency() == null || !payment.currency().equalsIgnoreCase(t.currency)
                    || payment.otherMode()) {
                LOG.errorf("top-up %s: payment %s does not match it (%s %s%s, expected %s %s): nothing credited",
                        t.topupId, payment.paymentRef(), payment.amountMinor(), payment.currency(),
                        payment.otherMode() ? ", made in the other Stripe mode than wallet.topup.stripe.live" : "",
                        t.amountMinor, t.currency);
                outcome[0] = Outcome.mismatch;
                return null;
            }
            if (payment.succeeded()) {
                if (TopUp.UNPAID.contains(t.state)) {
                    t.paymentRef = payment.paymentRef();
                    t.moveTo(State.captured);
                    outcome[0] = Outcome.applied;
                } else if (t.state == State.failed) {
                    // Paid after the top-up had given up on it: the money goes back.
                    t.paymentRef = payment.paymentRef();
                    t.moveTo(State.compensating);
                    t.failure = "paid after the top-up had failed";
                    outcome[0] = Outcome.applied;
                } else {
                    outcome[0] = Outcome.replay;
                    return null;
                }
            } else if (payment.canceled() && TopUp.UNPAID.contains(t.state)) {
                t.paymentRef = payment.paymentRef();
                t.moveTo(State.failed);
                t.failure = "payment cancelled";
                outcome[0] = Outcome.failed;
            } else {
                outcome[0] = payment.canceled() ? Outcome.replay : Outcome.ignored;
                return null;
            }
            t.attempts = 0;
            t.updatedAt = now();
            t.nextAttemptAt = t.updatedAt.plus(config.retryBackoff());
            return t;
        })).chain(changed -> changed == null ? Uni.createFrom().item(outcome[0])
                // The credit (or refund) is attempted now; if it fails, recovery takes it from the recorded state.
                : advance(changed).onFailure().invoke(e -> LOG.warnf("top-up %s stays at %s for now: %s",
                        changed.topupId, changed.state, e.getMessage()))
                .onFailure().recoverWithNull().replaceWith(outcome[0]));
    }

    @Scheduled(every = "${wallet.topup.recovery-interval:10s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledRecovery() {
        return recover();
    }

    /**
     * Finishes or compensates every unfinished saga that is due, the longest-waiting first. Each is
     * claimed first ({@link #CLAIM_DUE}), then given its next due time from the outcome: soon after
     * progress, later after each failure in a row.
     */
    public Uni<Void> recover() {
        return pool.preparedQuery(CLAIM_DUE).execute(Tuple.of(config.recoveryBatch()))
                .onItem().transformToMulti(rows -> Multi.createFrom().iterable(rows))
                .map(row -> row.getString(0))
                .onItem().transformToUniAndConcatenate(id -> find(id).chain(topUp -> topUp == null ? Uni.createFrom().nullItem()
                        : advance(topUp).chain(after -> change(id, t -> {
                                    if (t.state != State.requires_payment || t.nextAttemptAt.isBefore(now())) {
                                        t.attempts = 0;
                                        t.nextAttemptAt = t.state == State.requires_payment
                                                ? now().plus(config.retryBackoffMax()) : now().plus(config.retryBackoff());
                                    }
                                }))
                                .onFailure().recoverWithUni(e -> {
                                    LOG.warnf("top-up %s stays at %s for now: %s", id, topUp.state, e.getMessage());
                                    return change(id, t -> {
                                        t.attempts++;
                                        t.failure = String.valueOf(e.getMessage());
                                        t.nextAttemptAt = now().plus(backoff(t.attempts));
                                    }).onFailure().recoverWithNull();
                                })))
                .collect().last()
                .replaceWithVoid();
    }

    /** The delay after {@code failures} failed attempts in a row: doubling from the first, capped. */
    Duration backoff(int failures) {
        Duration delay = config.retryBackoff().multipliedBy(1L << Math.min(Math.max(failures - 1, 0), 20));
        return delay.compareTo(config.retryBackoffMax()) > 0 ? config.retryBackoffMax() : delay;
    }

    @Scheduled(every = "${wallet.topup.count-interval:60s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledCount() {
        return count().onFailure().invoke(e -> LOG.warnf("counting top-ups by state failed: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    /**
     * Paid (or being paid for) sagas that have been neither credited nor refunded for too long, and
     * every saga by state (gauges {@code wallet.topup.stuck} and {@code wallet.topups}), in one pass
     * over the table, on their own cadence rather than every recovery pass (issue #18: an idle wallet
     * counted every top-up ever made every 10 s). Measured from when a saga entered its state, not
     * from its last retry (each would make it look fresh). A saga still awaiting payment counts once
     * it is that long past its payment timeout: its payment is still processing, succeeded but does not
     * match it, or cancelling it keeps failing.
     */
    public Uni<Void> count() {
        OffsetDateTime stuckSince = now().minus(config.stuckAfter());
        return pool.preparedQuery(BY_STATE).execute(Tuple.of(stuckSince, stuckSince.minus(config.paymentTimeout())))
                .invoke(rows -> {
                    Map<State, Long> counted = new EnumMap<>(State.class);
                    long stuckNow = 0;
                    for (Row row : rows) {
                        counted.put(Lifecycle.of(State.class, row.getString(0)), row.getLong(1));
                        stuckNow += row.getLong(2);
                    }
                    byState.forEach((state, gauge) -> gauge.set(counted.getOrDefault(state, 0L)));
                    stuck.set(stuckNow);
                })
                .replaceWithVoid();
    }

    /** Changes a saga under its row lock; answers it as it is afterwards. */
    private Uni<TopUp> change(String topupId, Consumer<TopUp> change) {
        return Panache.withTransaction(() -> TopUp.<TopUp>findById(topupId, LockModeType.PESSIMISTIC_WRITE).invoke(t -> {
            t.updatedAt = now();
            change.accept(t);
        }));
    }

    /**
     * Whether a failed credit step may succeed when recovery tries it again: the database failed
     * (the credit may have been made; its record was not), or a store was away for now (Redis
     * unreachable, a write not yet replicated). Such a saga stays 'captured' and is credited later
     * with the same event id, instead of refunding a payment whose tokens are only late.
     */
    private static boolean mayPass(Throwable failure) {
        return failure.getClass().getName().startsWith("io.vertx.pgclient") || failure.getClass().getName().startsWith("org.hibernate")
                || Unavailable.is(failure) || failure instanceof ApiException refused && refused.isTransient();
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
