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
                            @Schema(description = "Entries in the buckets' `billing:rejected` streams, read as the rebuild ended "
                                    + "(-1: they could not be read; the balances are set all the same): movements Redis made that the "
                                    + "relay could not turn into events, so no ledger sum counts them and the balances this rebuild set "
                                    + "undo them, unless an entry was already sent again and not yet deleted from the stream (k8s/README, "
                                    + "runbook BillingEventsSetAside).")
                            long setAsideEntries) {

    public record Restored(String account, long previousBalance, long balance) {
    }
}
