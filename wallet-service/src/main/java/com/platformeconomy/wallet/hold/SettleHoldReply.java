package com.platformeconomy.wallet.hold;

import static com.platformeconomy.wallet.redis.LuaReply.number;
import static com.platformeconomy.wallet.redis.LuaReply.optionalText;
import static com.platformeconomy.wallet.redis.LuaReply.status;
import static com.platformeconomy.wallet.redis.LuaReply.text;

import com.platformeconomy.wallet.redis.LuaReply;
import io.vertx.mutiny.redis.client.Response;
import java.util.List;

/** What {@code settle_hold.lua} answered, decoded once. */
public sealed interface SettleHoldReply {

    String SCRIPT = "settle_hold.lua";
    /** A capture's landing state while the payee's leg has not landed. */
    String PENDING = "pending";

    /**
     * Ended now, or ({@code replayed}) the same ending asked again: its state and the amount captured;
     * {@code landing}: the capture went to escrow in the hold's bucket and the payee's leg has not
     * landed yet (a payee kept in another bucket).
     */
    record Settled(String state, long captured, boolean replayed, boolean landing) implements SettleHoldReply {
    }

    /** No such hold (or only a refused reservation). */
    record UnknownHold() implements SettleHoldReply {
    }

    /** The hold already ended another way: {@code state} is how. */
    record NotActive(String state) implements SettleHoldReply {
    }

    /** The hold pays another payee than the one whose wallet we passed. */
    record StalePayee(String payee) implements SettleHoldReply {
    }

    /** An expiry asked before the hold's time. */
    record NotDue() implements SettleHoldReply {
    }

    /** The capture asks more than the {@code held} tokens. */
    record TooMuch(long held) implements SettleHoldReply {
    }

    /** The capture asks more than the account's balance (which should hold every held token); nothing moved. */
    record Short(long balance) implements SettleHoldReply {
    }

    /** The payee's balance would pass what a script holds exactly; nothing moved. */
    record Overflow() implements SettleHoldReply {
    }

    static SettleHoldReply decode(Response reply) {
        return decode(LuaReply.strings(reply));
    }

    static SettleHoldReply decode(List<String> reply) {
        return switch (status(SCRIPT, reply)) {
            case "ok" -> new Settled(text(SCRIPT, reply, 1), number(SCRIPT, reply, 2), false, PENDING.equals(optionalText(reply, 3)));
            case LuaReply.REPLAY -> new Settled(text(SCRIPT, reply, 1), number(SCRIPT, reply, 2), true, PENDING.equals(optionalText(reply, 3)));
            case "unknown_hold" -> new UnknownHold();
            case "not_active" -> new NotActive(text(SCRIPT, reply, 1));
            case "stale_payee" -> new StalePayee(optionalText(reply, 1));
            case "not_due" -> new NotDue();
            case "too_much" -> new TooMuch(number(SCRIPT, reply, 1));
            case "short" -> new Short(number(SCRIPT, reply, 1));
            case "overflow" -> new Overflow();
            default -> throw LuaReply.unknown(SCRIPT, reply);
        };
    }
}
