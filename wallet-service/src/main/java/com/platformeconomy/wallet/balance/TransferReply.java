package com.platformeconomy.wallet.balance;

import static com.platformeconomy.wallet.redis.LuaReply.number;
import static com.platformeconomy.wallet.redis.LuaReply.optionalText;
import static com.platformeconomy.wallet.redis.LuaReply.status;

import com.platformeconomy.wallet.redis.LuaReply;
import io.vertx.mutiny.redis.client.Response;
import java.util.List;

/**
 * What {@code transfer.lua} answered, decoded once. {@code replayed} marks the first outcome of the
 * event id answered again (the script remembers ok and refused only).
 */
public sealed interface TransferReply {

    String SCRIPT = "transfer.lua";

    /** Moved: both balances right after the movement. */
    record Moved(long fromBalance, long toBalance, boolean replayed) implements TransferReply {
    }

    /** The source has only {@code available} tokens. */
    record Refused(long available, boolean replayed) implements TransferReply {
    }

    /** The event id was first used for another request, whose fingerprint this is (null if the script sent none). */
    record Conflict(String storedFingerprint) implements TransferReply {
    }

    /** A balance would pass what a script holds exactly; nothing moved. */
    record Overflow() implements TransferReply {
    }

    /** Asked for a remembered first outcome only, and none is remembered; nothing moved. */
    record Unseen() implements TransferReply {
    }

    static TransferReply decode(Response reply) {
        return decode(LuaReply.strings(reply));
    }

    /** Decodes a reply; an unknown status, or one replayed that the script never remembers, is refused. */
    static TransferReply decode(List<String> reply) {
        boolean replayed = LuaReply.REPLAY.equals(status(SCRIPT, reply));
        List<String> outcome = replayed ? reply.subList(1, reply.size()) : reply;
        String status = status(SCRIPT, outcome);
        if (replayed && !"ok".equals(status) && !"refused".equals(status)) {
            throw LuaReply.unknown(SCRIPT, reply);
        }
        return switch (status) {
            case "ok" -> new Moved(number(SCRIPT, outcome, 1), number(SCRIPT, outcome, 2), replayed);
            case "refused" -> new Refused(number(SCRIPT, outcome, 1), replayed);
            case "conflict" -> new Conflict(optionalText(outcome, 1));
            case "overflow" -> new Overflow();
            case "unseen" -> new Unseen();
            default -> throw LuaReply.unknown(SCRIPT, reply);
        };
    }
}
