package com.platformeconomy.wallet.charge;

import static com.platformeconomy.wallet.redis.LuaReply.number;
import static com.platformeconomy.wallet.redis.LuaReply.optionalText;
import static com.platformeconomy.wallet.redis.LuaReply.status;
import static com.platformeconomy.wallet.redis.LuaReply.text;

import com.platformeconomy.wallet.redis.LuaReply;
import io.vertx.mutiny.redis.client.Response;
import java.util.List;

/**
 * What {@code charge.lua} answered, decoded once: the rest of the wallet reads these types, never
 * the reply's strings. {@code replayed} marks the first outcome of the event id answered again
 * (the script remembers ok, refused, unbilled and unknown_app; the others are never replayed).
 */
public sealed interface ChargeReply {

    String SCRIPT = "charge.lua";

    /** Debited and split ({@code total} 0: a free app's call, recorded). */
    record Charged(long total, long developerShare, long platformShare, long balance, boolean replayed) implements ChargeReply {
    }

    /** The user has only {@code available} tokens. */
    record Refused(long available, boolean replayed) implements ChargeReply {
    }

    /** Recorded, not billed, for {@code reason}. */
    record Unbilled(String reason, boolean replayed) implements ChargeReply {
    }

    /** The catalog has no such app. */
    record UnknownApp(boolean replayed) implements ChargeReply {
    }

    /** The event id was first used for another request, whose fingerprint this is (null if the script sent none). */
    record Conflict(String storedFingerprint) implements ChargeReply {
    }

    /** A balance would pass what a script holds exactly; nothing moved. */
    record Overflow() implements ChargeReply {
    }

    /** The catalog's developer of the app is not the one we passed (null if the entry names none). */
    record StaleDeveloper(String developerId) implements ChargeReply {
    }

    /** The catalog entry has no prices yet (stored by an older version, being rewritten). */
    record CatalogOutdated() implements ChargeReply {
    }

    /** Asked for a remembered first outcome only, and none is remembered; nothing moved. */
    record Unseen() implements ChargeReply {
    }

    static ChargeReply decode(Response reply) {
        return decode(LuaReply.strings(reply));
    }

    /** Decodes a reply; an unknown status, or one replayed that the script never remembers, is refused. */
    static ChargeReply decode(List<String> reply) {
        boolean replayed = LuaReply.REPLAY.equals(status(SCRIPT, reply));
        List<String> outcome = replayed ? reply.subList(1, reply.size()) : reply;
        String status = status(SCRIPT, outcome);
        ChargeReply decoded = switch (status) {
            case "ok" -> new Charged(number(SCRIPT, outcome, 1), number(SCRIPT, outcome, 2), number(SCRIPT, outcome, 3),
                    number(SCRIPT, outcome, 4), replayed);
            case "refused" -> new Refused(number(SCRIPT, outcome, 1), replayed);
            case "unbilled" -> new Unbilled(text(SCRIPT, outcome, 1), replayed);
            case "unknown_app" -> new UnknownApp(replayed);
            case "conflict" -> new Conflict(optionalText(outcome, 1));
            case "overflow" -> new Overflow();
            case "stale_developer" -> new StaleDeveloper(optionalText(outcome, 1));
            case "catalog_outdated" -> new CatalogOutdated();
            case "unseen" -> new Unseen();
            default -> throw LuaReply.unknown(SCRIPT, reply);
        };
        if (replayed && !(decoded instanceof Charged || decoded instanceof Refused || decoded instanceof Unbilled
                || decoded instanceof UnknownApp)) {
            throw LuaReply.unknown(SCRIPT, reply);
        }
        return decoded;
    }
}
