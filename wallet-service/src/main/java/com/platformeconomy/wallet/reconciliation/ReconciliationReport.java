package com.platformeconomy.wallet.reconciliation;

import java.util.List;

/**
 * Redis balances against ledger sums, both as of movement {@code asOfSeq}; {@code drift} is empty
 * when they agree. {@code difference} = Redis − ledger.
 */
public record ReconciliationReport(long asOfSeq, int checkedAccounts, List<Drift> drift) {

    public record Drift(String account, long redisBalance, long ledgerBalance, long difference) {
    }
}
