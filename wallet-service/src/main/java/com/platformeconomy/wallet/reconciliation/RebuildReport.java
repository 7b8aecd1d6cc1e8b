package com.platformeconomy.wallet.reconciliation;

import java.util.List;

/** What a rebuild set: every account whose Redis balance changed, from what to what, as of movement {@code asOfSeq}. */
public record RebuildReport(long asOfSeq, int checkedAccounts, List<Restored> restored) {

    public record Restored(String account, long previousBalance, long balance) {
    }
}
