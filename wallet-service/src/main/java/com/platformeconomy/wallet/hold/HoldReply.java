package com.platformeconomy.wallet.hold;

import static com.platformeconomy.wallet.redis.LuaReply.number;
import static com.platformeconomy.wallet.redis.LuaReply.status;
import static com.platformeconomy.wallet.redis.LuaReply.text;

import com.platformeconomy.wallet.redis.LuaReply;
import io.vertx.mutiny.redis.client.Response;
import java.util.List;

/** What {@code hold.lua} answered, decoded once. */
public sealed interface HoldReply {

    String SCRIPT = "hold.lua";

    /** The hold as it is now: just reserved, or ({@code replayed}) as the same request left it. */
    record Held(String state, long amount, long expiresAt, boolean replayed) implements HoldReply {
    }

    /** The wallet had only {@code available} tokens (now, or when the hold was first refused). */
    record Refused(long available) implements HoldReply {
    }

    /** The account had {@code active} holds already, the most it may have (now, or when the hold was first refused): nothing reserved. */
    record Limit(long active) implements HoldReply {
    }

    /** The hold id was first used for another hold, whose fingerprint this is. */
    record Conflict(String storedFingerprint) implements HoldReply {
    }

    static HoldReply decode(Response reply) {
        return decode(LuaReply.strings(reply));
    }

    static HoldReply decode(List<String> reply) {
        return switch (status(SCRIPT, reply)) {
            case "ok" -> new Held(text(SCRIPT, reply, 1), number(SCRIPT, reply, 2), number(SCRIPT, reply, 3), false);
            case LuaReply.REPLAY -> new Held(text(SCRIPT, reply, 1), number(SCRIPT, reply, 2), number(SCRIPT, reply, 3), true);
            case "refused" -> new Refused(number(SCRIPT, reply, 1));
            case "conflict" -> new Conflict(text(SCRIPT, reply, 1));
            case "limit" -> new Limit(number(SCRIPT, reply, 1));
            default -> throw LuaReply.unknown(SCRIPT, reply);
        };
    }
}
