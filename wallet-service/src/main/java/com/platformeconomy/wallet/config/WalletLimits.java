package com.platformeconomy.wallet.config;

import com.platformeconomy.contracts.money.Limits;
import com.platformeconomy.wallet.topup.TopUpConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * wallet-service's limits and how they relate, checked when the service starts: a configuration
 * that breaks one stops the service (contracts' {@link Limits} holds the wire's own).
 */
@Startup
@ApplicationScoped
public class WalletLimits {

    /**
     * The most charges one POST /v1/charges/batch may carry: few enough that their amounts, each up
     * to 2^53 - 1, sum in a long ({@link Limits#MAX_SUMMABLE_AMOUNTS}, 1024). (A full batch of real
     * charges, ~75 bytes each, is more than the default 64 KiB body limit lets through.)
     */
    public static final int MAX_CHARGE_BATCH = 1000;

    /** The peak charge rate the idempotency window is sized for (README "Idempotency"). */
    public static final long PEAK_EVENTS_PER_SECOND = 16_000;

    /** Redis memory one remembered event id and its outcome takes (README "Idempotency"). */
    public static final long BYTES_PER_EVENT_RECORD = 221;

    /** The k8s Redis maxmemory (4 GiB): the remembered ids of one window must fit in it. */
    public static final long REDIS_MAXMEMORY_BYTES = 4L << 30;

    /** The least time Redis remembers one of the suite's own ids (a tier fee, a top-up's credit, an award). */
    static final Duration MIN_SUITE_ID_RECORD_TTL = Duration.ofDays(1);

    WalletLimits(WalletConfig wallet, TopUpConfig topUp,
                 @ConfigProperty(name = "mp.messaging.incoming.billing-ledger.max.poll.records", defaultValue = "500") int ledgerPoll) {
        check(wallet.maxAmount(), topUp.minTokens(), topUp.maxTokens(), topUp.dailyMaxTokens(), wallet.idempotencyWindow(),
                ledgerPoll);
        checkWindow(wallet.idempotencyWindow(), wallet.clockSkew(), wallet.replicaClockMargin(), wallet.suiteIdRecordTtl());
        Limits.require(wallet.maxActiveHoldsPerAccount() >= 1, "wallet.max-active-holds-per-account ("
                + wallet.maxActiveHoldsPerAccount() + ") must be at least 1: else every hold is refused");
        long alone = wallet.adminCredits().singleAdminDailyMax();
        Limits.require(alone >= 0 && alone <= wallet.maxAmount(), "wallet.admin-credits.single-admin-daily-max ("
                + alone + ") must lie in 0..wallet.max-amount (0: every treasury credit takes two admins)");
    }

    /**
     * A UUIDv7 is accepted from its time less the clock skew until the window less the skew and the
     * replicas' clock margin: that span must be positive, else every UUIDv7 id is refused. A suite
     * id's record must live at least a window, and at least a day.
     */
    static void checkWindow(Duration window, Duration clockSkew, Duration replicaClockMargin, Duration suiteIdRecordTtl) {
        Limits.require(!clockSkew.isNegative() && !replicaClockMargin.isNegative()
                        && clockSkew.plus(replicaClockMargin).compareTo(window) < 0,
                "wallet.clock-skew (" + clockSkew + ") + wallet.replica-clock-margin (" + replicaClockMargin
                        + ") must be shorter than wallet.idempotency-window (" + window + ")");
        Limits.require(suiteIdRecordTtl.compareTo(window) >= 0, "wallet.suite-id-record-ttl (" + suiteIdRecordTtl
                + ") must be at least wallet.idempotency-window (" + window + ")");
        // A suite id is moved once because Redis remembers it until the ledger has booked it (the
        // ledger is asked first): shorter than a day, a ledger an outage behind could let it move twice.
        Limits.require(suiteIdRecordTtl.compareTo(MIN_SUITE_ID_RECORD_TTL) >= 0, "wallet.suite-id-record-ttl ("
                + suiteIdRecordTtl + ") must be at least " + MIN_SUITE_ID_RECORD_TTL
                + ": a suite id's retry after a ledger that far behind would move its tokens twice");
    }

    /** Throws IllegalStateException naming the first relationship these values break. */
    static void check(long maxAmount, long topUpMin, long topUpMax, long topUpDailyMax, Duration idempotencyWindow,
                      int ledgerPoll) {
        Limits.requireTokens("wallet.max-amount", maxAmount);
        Limits.requireSummable("MAX_CHARGE_BATCH", MAX_CHARGE_BATCH);
        Limits.requireSummable("billing-ledger max.poll.records", ledgerPoll);
        Limits.require(topUpMin >= 1 && topUpMin <= topUpMax, "wallet.topup.min-tokens (" + topUpMin
                + ") must lie in 1..wallet.topup.max-tokens (" + topUpMax + ")");
        Limits.require(topUpMax <= topUpDailyMax, "wallet.topup.max-tokens (" + topUpMax
                + ") must not exceed wallet.topup.daily-max-tokens (" + topUpDailyMax + "): one top-up would be refused whole");
        Limits.require(topUpMax <= maxAmount, "wallet.topup.max-tokens (" + topUpMax
                + ") must not exceed wallet.max-amount (" + maxAmount + "): its credit could not land");
        Limits.requireTokens("wallet.topup.daily-max-tokens", topUpDailyMax);
        long windowBytes = idempotencyWindow.toSeconds() * PEAK_EVENTS_PER_SECOND * BYTES_PER_EVENT_RECORD;
        Limits.require(idempotencyWindow.toSeconds() >= 1 && windowBytes <= REDIS_MAXMEMORY_BYTES,
                "wallet.idempotency-window (" + idempotencyWindow + ") × " + PEAK_EVENTS_PER_SECOND + " events/s × "
                        + BYTES_PER_EVENT_RECORD + " bytes = " + windowBytes + " bytes must fit Redis maxmemory ("
                        + REDIS_MAXMEMORY_BYTES + ")");
    }
}
