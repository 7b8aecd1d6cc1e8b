package com.platformeconomy.wallet.reconciliation;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Reconciliation's settings (SPEC §3 "Reconciliation"). */
@ConfigMapping(prefix = "wallet.reconciliation")
public interface ReconciliationConfig {

    /**
     * How long a reconciliation waits for the ledger to book every movement Redis had applied when
     * its balances were read; past it the answer is 503 {@code ledger_behind}, never a false drift.
     */
    @WithDefault("PT30S")
    Duration catchUpTimeout();

    /**
     * How long a hold's capture through escrow (a payee in another Redis bucket) may stand in the
     * ledger without its landing, or a landing without its capture, before a reconciliation reports
     * it ({@code unmatched_escrow_legs}): the two legs are relayed from two buckets' streams, so for
     * a moment one is booked without the other.
     */
    @WithDefault("PT10M")
    Duration escrowLegGrace();

    /** How often the ledger is asked whether it has caught up. */
    @WithDefault("PT0.2S")
    Duration catchUpPoll();

    /** How often the periodic check ({@link DriftCheck}) compares Redis with the ledger; {@code off} to disable. */
    @WithDefault("5m")
    String checkInterval();

    /** How long after start the first periodic check runs. */
    @WithDefault("1m")
    String checkDelay();

    /** The periodic check is skipped above this many accounts (its Redis read blocks Redis while it runs). */
    @WithDefault("200000")
    long checkMaxAccounts();
}
