package com.platformeconomy.wallet.redis;

import io.vertx.mutiny.redis.client.Response;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A status script's reply ({@code {status, values...}}) as the strings Redis sent, and the helpers
 * each script's decoder shares. The decoders (ChargeReply, TransferReply, HoldReply,
 * SettleHoldReply, VoidReply) are the one place a reply status string is read: they refuse a
 * status they do not know with an {@link IllegalStateException}, so a script change the Java did
 * not follow fails loudly instead of passing for success.
 */
public final class LuaReply {

    /** The status a script prefixes to the first outcome it remembered for an id. */
    public static final String REPLAY = "replay";

    private LuaReply() {
    }

    /** The reply's elements as strings, {@code null} for a nil one. */
    public static List<String> strings(Response reply) {
        if (reply == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>(reply.size());
        for (int i = 0; i < reply.size(); i++) {
            Response element = reply.get(i);
            out.add(element == null ? null : element.toString());
        }
        return Collections.unmodifiableList(out);
    }

    /** The element at {@code index}, which must be there. */
    public static String text(String script, List<String> reply, int index) {
        if (index >= reply.size() || reply.get(index) == null) {
            throw malformed(script, reply);
        }
        return reply.get(index);
    }

    /** The element at {@code index}, or {@code null} when the script left it out. */
    public static String optionalText(List<String> reply, int index) {
        return index < reply.size() ? reply.get(index) : null;
    }

    /** The whole number at {@code index} (scripts format numbers with %.0f). */
    public static long number(String script, List<String> reply, int index) {
        try {
            return Long.parseLong(text(script, reply, index));
        } catch (NumberFormatException e) {
            throw malformed(script, reply);
        }
    }

    /** A reply whose status the decoder does not know. */
    public static IllegalStateException unknown(String script, List<String> reply) {
        return new IllegalStateException(script + " answered an unknown status: " + reply);
    }

    /** A reply with a known status but not the values that status carries. */
    public static IllegalStateException malformed(String script, List<String> reply) {
        return new IllegalStateException(script + " answered a malformed reply: " + reply);
    }

    /** The status at the head of {@code reply}. */
    public static String status(String script, List<String> reply) {
        if (reply.isEmpty() || reply.get(0) == null) {
            throw malformed(script, reply);
        }
        return reply.get(0);
    }
}
