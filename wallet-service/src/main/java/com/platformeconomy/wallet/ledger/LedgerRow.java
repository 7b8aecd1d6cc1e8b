package com.platformeconomy.wallet.ledger;

import java.time.Instant;

/**
 * One side of a booked movement: {@code amount} is negative on the paying side ({@code from}) and
 * positive on the receiving side ({@code to}); the two rows of a transaction sum to zero.
 */
public record LedgerRow(
        String eventId,
        long seq,
        String side,
        String account,
        long amount,
        String counterAccount,
        String kind,
        String category,
        Instant createdAt) {

    public static final String FROM = "from";
    public static final String TO = "to";
}
