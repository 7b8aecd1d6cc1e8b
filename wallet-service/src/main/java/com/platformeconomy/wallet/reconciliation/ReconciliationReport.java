package com.platformeconomy.wallet.reconciliation;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import java.util.List;

/**
 * Redis balances against ledger sums, both as of movement {@code asOfSeq}; {@code drift} is empty
 * when they agree. {@code difference} = Redis − ledger. {@code parked} lists the movements Redis
 * applied that the ledger could not book (their event id held for another movement): each
 * explains drift of its accounts until an admin resolves it.
 */
public record ReconciliationReport(long asOfSeq, int checkedAccounts, List<Drift> drift, List<ParkedMovement> parked) {

    public record ParkedMovement(long parkedId, String eventId, @Schema(nullable = true) Long seq, String reason) {
    }

    public record Drift(String account, long redisBalance, long ledgerBalance, long difference) {
    }
}
