package com.platformeconomy.wallet.reconciliation;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What a rebuild set: every account whose Redis balance changed, from what to what, as of movement
 * {@code asOfSeq}; and the movements it did not count.
 */
public record RebuildReport(long asOfSeq, int checkedAccounts, List<Restored> restored,
                            @Schema(description = "Movements Redis made that the ledger parked, still open (their event id held "
                                    + "for another movement, or rows PostgreSQL refused): no ledger sum counts them, so the balances "
                                    + "this rebuild set undo them. Empty when none is parked; each is also in the reconciliation "
                                    + "report's `parked`.")
                            List<ReconciliationReport.ParkedMovement> notCounted,
                            @Schema(description = "Entries the relay set aside in the buckets' `billing:rejected` streams (it could "
                                    + "not turn them into events), read as the rebuild ended: movements Redis made that no event "
                                    + "carries, so no ledger sum counts them and the balances this rebuild set undo them. Book each "
                                    + "(k8s/README, runbook BillingEventsSetAside) knowing that: the rebuilt balance already lacks it.")
                            long setAsideEntries) {

    public record Restored(String account, long previousBalance, long balance) {
    }
}
