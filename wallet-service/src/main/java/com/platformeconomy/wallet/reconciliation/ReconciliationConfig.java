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

    /** How often the ledger is asked whether it has caught up. */
    @WithDefault("PT0.2S")
    Duration catchUpPoll();
}
