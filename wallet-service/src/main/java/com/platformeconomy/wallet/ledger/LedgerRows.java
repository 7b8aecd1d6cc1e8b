package com.platformeconomy.wallet.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.platformeconomy.contracts.event.ChargeRecorded;
import com.platformeconomy.contracts.event.CloudEvent;
import com.platformeconomy.contracts.event.EventCodec;
import com.platformeconomy.contracts.event.MalformedEventException;
import com.platformeconomy.contracts.event.TokensTransferred;
import java.util.List;

/** Turns a billing event into its ledger rows: two for a movement, none for what moves nothing. */
public final class LedgerRows {

    /** The category of the rows of a charge for an app's action. */
    public static final String APP_ACTION = "app_action";

    private LedgerRows() {
    }

    /**
     * The rows of {@code event}: empty for a free app's call (amount 0) and for event types that
     * move no tokens; a {@link MalformedEventException} for an event that cannot be booked.
     */
    public static List<LedgerRow> of(CloudEvent<JsonNode> event) {
        if (ChargeRecorded.TYPE.equals(event.type())) {
            ChargeRecorded charge = EventCodec.data(event, ChargeRecorded.class);
            return rows(event, charge.userId(), charge.platformAccount(), charge.totalCost(), charge.seq(),
                    "charge", APP_ACTION);
        }
        if (TokensTransferred.TYPE.equals(event.type())) {
            TokensTransferred moved = EventCodec.data(event, TokensTransferred.class);
            return rows(event, moved.fromAccount(), moved.toAccount(), moved.amount(), moved.seq(),
                    moved.kind(), moved.category());
        }
        return List.of();
    }

    private static List<LedgerRow> rows(CloudEvent<JsonNode> event, String from, String to, long amount, long seq,
                                        String kind, String category) {
        if (amount < 0) {
            throw new MalformedEventException("event " + event.id() + " moves a negative amount");
        }
        if (amount == 0) {
            return List.of(); // a free app's call: recorded for analytics, nothing moved, nothing to book
        }
        if (seq <= 0) {
            throw new MalformedEventException("event " + event.id() + " moves tokens without a seq");
        }
        if (blank(from) || blank(to) || blank(kind)) {
            throw new MalformedEventException("event " + event.id() + " does not name both accounts and its kind");
        }
        if (event.time() == null) {
            throw new MalformedEventException("event " + event.id() + " has no time");
        }
        return List.of(
                new LedgerRow(event.id(), seq, LedgerRow.FROM, from, -amount, to, kind, category, event.time(), event.actor()),
                new LedgerRow(event.id(), seq, LedgerRow.TO, to, amount, from, kind, category, event.time(), event.actor()));
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
