package com.platformeconomy.wallet.topup;

import com.platformeconomy.wallet.redis.LuaReply;
import io.vertx.mutiny.redis.client.Response;
import java.util.List;

/** What {@code void.lua} answered for a top-up's credit event id, decoded once. */
public enum VoidReply {
    /** This very credit was applied: the top-up is credited after all. */
    APPLIED("applied"),
    /** The id can never be applied now (or its first outcome moved nothing). */
    VOIDED("voided"),
    /** The id belongs to another request: not this credit, so it counts as not applied. */
    CONFLICT("conflict");

    public static final String SCRIPT = "void.lua";

    private final String status;

    VoidReply(String status) {
        this.status = status;
    }

    public static VoidReply decode(Response reply) {
        return decode(LuaReply.strings(reply));
    }

    public static VoidReply decode(List<String> reply) {
        String status = LuaReply.status(SCRIPT, reply);
        for (VoidReply known : values()) {
            if (known.status.equals(status)) {
                return known;
            }
        }
        throw LuaReply.unknown(SCRIPT, reply);
    }
}
