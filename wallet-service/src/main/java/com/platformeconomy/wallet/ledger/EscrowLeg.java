package com.platformeconomy.wallet.ledger;

/**
 * One leg of a hold's capture through escrow (a payee kept in another Redis bucket, hold/HoldService)
 * as the ledger booked it: {@code leg} is {@code capture} (payer to escrow) or {@code landing} (escrow
 * to payee); {@code at} when Redis applied it.
 */
public record EscrowLeg(String eventId, String leg, long amount, long seq, String at) {
}
