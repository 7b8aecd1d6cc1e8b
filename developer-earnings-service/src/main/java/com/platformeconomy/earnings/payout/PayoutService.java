package com.platformeconomy.earnings.payout;

import com.platformeconomy.contracts.money.PayoutConversion;
import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import com.platformeconomy.platform.security.Ownership;
import com.platformeconomy.platform.state.Lifecycle;
import com.platformeconomy.earnings.config.EarningsConfig;
import com.platformeconomy.earnings.developer.DeveloperService;
import com.platformeconomy.earnings.wallet.WalletClient;
import com.platformeconomy.earnings.wallet.WalletRefusedException;
import com.platformeconomy.earnings.wallet.WalletUnavailableException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import jakarta.persistence.LockModeType;
import java.util.Set;

/**
 * Payouts: a developer requests at most what it earned and has not yet requested, had approved
 * or been paid; the developer's row is locked while deciding, so two requests at once cannot
 * together pass the limit.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup
public class PayoutService {

    private static final String AVAILABLE = """
            SELECT (SELECT COALESCE(SUM(developer_share), 0) FROM developer_earnings WHERE developer_id = :d)
                 + (SELECT COALESCE(SUM(amount), 0) FROM earnings_adjustments WHERE developer_id = :d)
                 - (SELECT COALESCE(SUM(amount_tokens), 0) FROM developer_payouts
                     WHERE developer_id = :d AND status IN ($HOLDING))"""
            .replace("$HOLDING", PayoutState.sqlList(PayoutState::holdsTokens));
    /**
     * What the deciding admin itself credited the developer: its positive adjustments, and the developer
     * share of the charges it made of users (an admin may charge any user for an app it does not develop:
     * the wallet names it, charged_by). The payout must be covered without them.
     */
    private static final String OWN_CREDITS = """
            SELECT (SELECT COALESCE(SUM(amount), 0) FROM earnings_adjustments
                    WHERE developer_id = :d AND created_by = :admin AND amount > 0)
                 + (SELECT COALESCE(SUM(developer_share), 0) FROM developer_earnings
                    WHERE developer_id = :d AND charged_by = :admin)""";

    private final EarningsConfig config;
    private final DeveloperService developers;
    private final WalletClient wallet;
    private final MeterRegistry metrics;

    public PayoutService(EarningsConfig config, DeveloperService developers, WalletClient wallet, MeterRegistry metrics) {
        this.config = config;
        this.developers = developers;
        this.wallet = wallet;
        this.metrics = metrics;
        // At zero from the start, so that a dashboard and an alert see every status before its first payout.
        for (PayoutState state : PayoutState.values()) {
            metrics.counter("earnings.payouts", "status", state.wire());
        }
        metrics.counter("earnings.payouts.paid.tokens");
    }

    /**
     * A developer's wallet balance as wallet-service answered it, read before a payout is requested
     * or approved (outside the transaction that decides it). Only {@link #readWallet} makes one, so
     * no caller of {@link #request} can hand in a balance it did not read.
     */
    public static final class WalletReading {
        private final String developerId;
        private final long balance;

        private WalletReading(String developerId, long balance) {
            this.developerId = developerId;
            this.balance = balance;
        }
    }

    /** Reads the developer's wallet at wallet-service. Fails closed: 503 when it cannot be read, 502 when it refuses. */
    public Uni<WalletReading> readWallet(String developerId) {
        return wallet.balance(developerId).map(balance -> new WalletReading(developerId, balance))
                .onFailure(WalletRefusedException.class).transform(e -> new ApiException(ErrorCode.WALLET_REFUSED,
                        "wallet-service refused to show " + developerId + "'s balance (" + ((WalletRefusedException) e).status()
                                + "), which a payout needs: nothing was requested or decided."))
                .onFailure(e -> e instanceof WalletUnavailableException || e instanceof CircuitBreakerOpenException)
                .transform(e -> new ApiException(ErrorCode.WALLET_UNAVAILABLE, "wallet-service could not be reached to read "
                        + developerId + "'s balance, which a payout needs: nothing was requested or decided; retry."));
    }

    /**
     * SPEC §10: no payout while the developer owes the wallet. A top-up it spent (on a tier, say) that
     * was then refunded or charged back leaves its balance below zero; its earnings wait until the
     * wallet is back at zero or above, or the tier it bought with money taken back would be paid out
     * in cash. A snapshot: a credit that brings the balance back (a later top-up, an admin's credit)
     * lets payouts go on, and a take-back after an approval is not seen by it.
     */
    private static void requireNoDebt(WalletReading wallet, String developerId, String what) {
        if (wallet == null || !wallet.developerId.equals(developerId)) {
            throw new IllegalArgumentException("no reading of " + developerId + "'s wallet");
        }
        if (wallet.balance < 0) {
            throw new ApiException(ErrorCode.WALLET_IN_DEBT, developerId + "'s wallet is " + wallet.balance
                    + " tokens (a top-up it spent was refunded or charged back): " + what + " waits until the "
                    + -wallet.balance + " tokens it owes are paid (a top-up).");
        }
    }

    /** A payout of {@code amountTokens} for the developer whose wallet was read just before ({@link #readWallet}). */
    @WithTransaction
    public Uni<Payout> request(WalletReading wallet, long amountTokens) {
        String developerId = wallet.developerId;
        requireNoDebt(wallet, developerId, "a payout");
        return developers.lock(developerId)
                .chain(() -> Panache.getSession())
                .chain(session -> session.createNativeQuery(AVAILABLE, java.math.BigDecimal.class)
                        .setParameter("d", developerId).getSingleResult())
                .chain(available -> {
                    if (available.compareTo(java.math.BigDecimal.valueOf(amountTokens)) < 0) {
                        throw new ApiException(ErrorCode.PAYOUT_EXCEEDS_AVAILABLE, "A payout of " + amountTokens
                                + " tokens exceeds the " + available.max(java.math.BigDecimal.ZERO).toBigInteger()
                                + " earned and not yet requested, approved or paid.");
                    }
                    Payout payout = new Payout();
                    payout.developerId = developerId;
                    payout.amountTokens = amountTokens;
                    payout.usdPerToken = config.usdPerToken().setScale(6, RoundingMode.UNNECESSARY);
                    payout.amountUsd = PayoutConversion.usd(amountTokens, config.usdPerToken());
                    payout.status = PayoutState.REQUESTED.wire();
                    payout.requestedAt = OffsetDateTime.now(ZoneOffset.UTC);
                    return payout.<Payout>persistAndFlush();
                })
                .invoke(p -> metrics.counter("earnings.payouts", "status", PayoutState.REQUESTED.wire()).increment());
    }

    /** A developer's payouts, newest first (at most {@code limit}). */
    @WithSession
    public Uni<List<Payout>> of(String developerId, int limit) {
        return Payout.<Payout>find("developerId = ?1 order by requestedAt desc, payoutId desc", developerId)
                .range(0, limit - 1).list();
    }

    /** Tokens a developer asked for that an admin has not yet approved or rejected. */
    @WithSession
    public Uni<Long> awaitingApproval(String developerId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT COALESCE(SUM(amount_tokens), 0) FROM developer_payouts WHERE developer_id = :d AND status = '"
                                + PayoutState.REQUESTED.wire() + "'",
                        java.math.BigDecimal.class).setParameter("d", developerId).getSingleResult())
                .map(java.math.BigDecimal::longValueExact);
    }

    /**
     * An approval pays out what was requested, so what the developer has net must still cover it:
     * a negative adjustment (a chargeback) booked since the request may have taken part of it. Under
     * the developer's lock, as requests and adjustments are decided: earned plus adjustments minus
     * every payout holding tokens (this one included) must not be below zero. And it must not be
     * below zero without the positive adjustments the approving admin booked for this developer
     * (403: another admin approves), so that no single admin both books a credit and pays it out.
     */
    private Uni<Void> stillCovered(Payout payout, String admin) {
        return developers.lock(payout.developerId)
                .chain(() -> Panache.getSession())
                .chain(session -> session.createNativeQuery(AVAILABLE, java.math.BigDecimal.class)
                        .setParameter("d", payout.developerId).getSingleResult()
                        .invoke(left -> {
                            if (left.signum() < 0) {
                                throw new ApiException(ErrorCode.PAYOUT_EXCEEDS_AVAILABLE, "Payout " + payout.payoutId + " of "
                                        + payout.amountTokens + " tokens is no longer covered: the developer's earnings and adjustments "
                                        + "fall " + left.negate().toBigInteger() + " tokens short of its requested, approved and paid "
                                        + "payouts. Reject this or another request.");
                            }
                        })
                        .chain(left -> session.createNativeQuery(OWN_CREDITS, java.math.BigDecimal.class)
                                .setParameter("d", payout.developerId).setParameter("admin", admin).getSingleResult()
                                .invoke(own -> {
                                    if (left.subtract(own).signum() < 0) {
                                        throw new ApiException(ErrorCode.FORBIDDEN, "Payout " + payout.payoutId
                                                + " is covered only with what you credited " + payout.developerId
                                                + " (positive adjustments you booked and the developer share of charges you made: "
                                                + own.toBigInteger() + " tokens): another admin approves it.");
                                    }
                                })))
                .replaceWithVoid();
    }

    /**
     * requested → approved (counts as paid out) or rejected (frees its tokens); approved → paid, by
     * {@code admin}, who is never the payout's developer (403: another admin decides), and who marks
     * paid only a payout another admin approved (403): one admin alone could otherwise pay out
     * earnings it made up by other means than an adjustment, e.g. charging users for an accomplice's
     * app (the wallet lets an admin charge any user for an app it does not develop). The
     * row is locked (SELECT … FOR UPDATE): of an approve and a reject sent at once, the second sees
     * the first's decision and is refused, so exactly one decision wins.
     */
    public Uni<Payout> decide(long payoutId, PayoutState next, SecurityIdentity admin) {
        if (next != PayoutState.APPROVED) {
            return Panache.withTransaction(() -> decide(payoutId, next, admin, null));
        }
        // An approval pays out: the developer's wallet is read first (a call to another service, outside the transaction).
        return Panache.withSession(() -> Payout.<Payout>findById(payoutId))
                .chain(payout -> payout == null ? Uni.createFrom().<WalletReading>nullItem() : readWallet(payout.developerId))
                .chain(wallet -> Panache.withTransaction(() -> decide(payoutId, next, admin, wallet)));
    }

    private Uni<Payout> decide(long payoutId, PayoutState next, SecurityIdentity admin, WalletReading wallet) {
        String to = next.wire();
        return Payout.<Payout>findById(payoutId, LockModeType.PESSIMISTIC_WRITE).map(payout -> {
            if (payout == null) {
                throw new ApiException(ErrorCode.UNKNOWN_PAYOUT, "There is no payout " + payoutId + ".");
            }
            Ownership.refuseOwnAccount(admin, payout.developerId, "decide a payout");
            Set<String> from = new java.util.LinkedHashSet<>(
                    Lifecycle.sources(PayoutState.class, next).stream().map(PayoutState::wire).toList());
            if (!payout.state().canMoveTo(next)) {
                throw new ApiException(ErrorCode.INVALID_PAYOUT_STATE, "Payout " + payoutId + " is " + payout.status
                        + "; it can become " + to + " only when " + String.join(" or ", from) + ".");
            }
            if (next == PayoutState.PAID && admin.getPrincipal().getName().equals(payout.decidedBy)) {
                throw new ApiException(ErrorCode.FORBIDDEN, "Payout " + payoutId + " was approved by " + payout.decidedBy
                        + ": another admin marks it paid (four eyes).");
            }
            if (next == PayoutState.APPROVED) {
                requireNoDebt(wallet, payout.developerId, "payout " + payoutId);
            }
            return payout;
        }).call(payout -> next == PayoutState.APPROVED
                ? stillCovered(payout, admin.getPrincipal().getName()) : Uni.createFrom().nullItem())
        .map(payout -> {
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            payout.moveTo(next);
            String by = admin.getPrincipal().getName();
            if (next == PayoutState.PAID) {
                payout.paidAt = now;
                payout.paidBy = by;
            } else {
                payout.decidedAt = now;
                payout.decidedBy = by;
            }
            return payout;
        }).invoke(p -> {
            metrics.counter("earnings.payouts", "status", to).increment();
            if (next == PayoutState.PAID) {
                metrics.counter("earnings.payouts.paid.tokens").increment(p.amountTokens);
            }
        });
    }
}
