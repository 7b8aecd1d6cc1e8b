package com.platformeconomy.wallet.ledger;

import java.time.Instant;

/**
 * One side of a booked movement: {@code amount} is negative on the paying side ({@code from}) and
 * positive on the receiving side ({@code to}); the two rows of a transaction sum to zero.
 * {@code actor}: who asked for it when that was not the account's owner (an admin, a service), on
 * both sides; null for an owner's own movement and the suite's (SPEC §10, four eyes).
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
        Instant createdAt,
        String actor) {

    /** A row without an actor: the account's owner moved its own tokens, or the suite did. */
    public LedgerRow(String eventId, long seq, String side, String account, long amount, String counterAccount,
                     String kind, String category, Instant createdAt) {
        this(eventId, seq, side, account, amount, counterAccount, kind, category, createdAt, null);
    }

    public static final String FROM = "from";
    public static final String TO = "to";
}
