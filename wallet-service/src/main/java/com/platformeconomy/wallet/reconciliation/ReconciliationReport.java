package com.platformeconomy.wallet.reconciliation;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import com.platformeconomy.wallet.ledger.EscrowLeg;
import java.util.List;

/**
 * Redis balances against ledger sums, both as of movement {@code asOfSeq}; {@code drift} is empty
 * when they agree. {@code difference} = Redis − ledger. {@code parked} lists the movements Redis
 * applied that the ledger could not book (their event id held for another movement): each
 * explains drift of its accounts until an admin resolves it. {@code unmatchedEscrowLegs}: the two
 * legs of a capture through escrow that do not pair up in the ledger (each bucket may reconcile
 * clean while one leg is missing, e.g. after a bucket lost its data and was rebuilt).
 */
public record ReconciliationReport(long asOfSeq, int checkedAccounts, List<Drift> drift, List<ParkedMovement> parked,
                                   @Schema(description = "Holds whose capture through escrow (a payee kept in another Redis bucket) "
                                           + "the ledger booked without its landing, or a landing without its capture, longer than "
                                           + "wallet.reconciliation.escrow-leg-grace (10 minutes) ago: tokens stranded in escrow, or "
                                           + "credited for a capture the ledger does not hold. Empty when every such capture landed.")
                                   List<EscrowLeg> unmatchedEscrowLegs) {

    public record ParkedMovement(long parkedId, String eventId, @Schema(nullable = true) Long seq, String reason) {
    }

    public record Drift(String account, long redisBalance, long ledgerBalance, long difference) {
    }
}
