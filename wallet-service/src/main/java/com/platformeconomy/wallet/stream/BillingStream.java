package com.platformeconomy.wallet.stream;

import com.platformeconomy.contracts.event.Topics;
import com.platformeconomy.contracts.event.ChargeRecorded;
import com.platformeconomy.contracts.event.CloudEvent;
import com.platformeconomy.contracts.event.TokensTransferred;
import io.vertx.redis.client.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The format of an entry of the billing stream, as the Lua scripts write it (all values strings):
 * <ul>
 *   <li>every entry: {@code type} (charge | credit | debit | hold_capture), {@code event_id},
 *       {@code seq} (0 for a free app's call, which moves nothing), {@code from}, {@code to},
 *       {@code amount}, {@code subject} (the Kafka key), {@code category}, {@code reason},
 *       {@code time} (ms since the epoch, Redis's clock);</li>
 *   <li>a charge also: {@code app_id}, {@code developer_id}, {@code tool_name}, {@code byollm}
 *       (1|0), {@code developer_share}, {@code platform_share};</li>
 *   <li>optionally {@code traceparent}: the W3C trace context of the route that appended it, when
 *       that trace was sampled (issue 21); it becomes the event's {@code traceparent} attribute;</li>
 *   <li>optionally {@code actor}: who asked for a movement of another account's tokens (an admin, a
 *       service: the token's subject); it becomes the event's {@code actor} attribute, and the
 *       ledger keeps it (SPEC §10, four eyes).</li>
 * </ul>
 * {@link #toEvent} turns an entry into the CloudEvent published on {@code billing.events}; it is the
 * format's one reader. The relay gives it entries as Redis sent them ({@link #entries}, no map per
 * entry); a map of fields (the tests' entries) goes through the same reading. A field the format does
 * not name is ignored; a field named twice counts with its last value.
 */
public final class BillingStream {

    public static final String SOURCE = Topics.source(Topics.WALLET);
    public static final String CHARGE = "charge";

    // Where each field the format names is kept while an entry is read.
    private static final int TYPE = 0;
    private static final int EVENT_ID = 1;
    private static final int SEQ = 2;
    private static final int FROM = 3;
    private static final int TO = 4;
    private static final int AMOUNT = 5;
    private static final int SUBJECT = 6;
    private static final int CATEGORY = 7;
    private static final int REASON = 8;
    private static final int TIME = 9;
    private static final int APP_ID = 10;
    private static final int DEVELOPER_ID = 11;
    private static final int TOOL_NAME = 12;
    private static final int BYOLLM = 13;
    private static final int DEVELOPER_SHARE = 14;
    private static final int PLATFORM_SHARE = 15;
    private static final int TRACEPARENT = 16;
    private static final int ACTOR = 17;
    private static final int FIELDS = 18;

    private BillingStream() {
    }

    /**
     * One entry as Redis sent it: its id and its fields, name and value alternating, in Redis' order;
     * {@code fields} is null for an entry Redis lists without fields (deleted while pending).
     */
    public record Entry(String id, String[] fields) {

        /** The fields as a map in Redis' order (a name given twice keeps its last value); empty without fields. */
        public Map<String, String> asMap() {
            Map<String, String> map = new LinkedHashMap<>();
            if (fields != null) {
                for (int i = 0; i + 1 < fields.length; i += 2) {
                    map.put(fields[i], fields[i + 1]);
                }
            }
            return map;
        }
    }

    /**
     * The entries of a stream read as XREADGROUP, XRANGE or XAUTOCLAIM's second element answer them: an
     * array of {@code [id, [name, value, …]]}. An element Redis sent as nil is left out: XAUTOCLAIM on
     * 6.2 answers so for an entry deleted while pending, without its id (the relay then reads its own
     * pending entries, where the id comes with no fields).
     */
    public static List<Entry> entries(Response list) {
        if (list == null) {
            return List.of();
        }
        int size = list.size();
        List<Entry> entries = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            Response entry = list.get(i);
            if (entry == null || entry.size() < 1 || entry.get(0) == null) {
                continue;
            }
            Response pairs = entry.size() > 1 ? entry.get(1) : null;
            String[] fields = null;
            if (pairs != null) {
                int n = pairs.size();
                fields = new String[n];
                for (int j = 0; j < n; j++) {
                    Response field = pairs.get(j);
                    fields[j] = field == null ? null : field.toString();
                }
            }
            entries.add(new Entry(entry.get(0).toString(), fields));
        }
        return entries;
    }

    /**
     * The ids in XAUTOCLAIM's third element (Redis 7 and later): entries deleted while pending, which
     * Redis has dropped from the group itself; as entries without fields. Empty for a 6.2 reply.
     */
    public static List<Entry> deletedWhilePending(Response claimReply) {
        if (claimReply == null || claimReply.size() < 3 || claimReply.get(2) == null) {
            return List.of();
        }
        Response ids = claimReply.get(2);
        List<Entry> deleted = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            if (ids.get(i) != null) {
                deleted.add(new Entry(ids.get(i).toString(), null));
            }
        }
        return deleted;
    }

    /** An entry given as a map of its fields (the tests' entries). */
    public static CloudEvent<?> toEvent(Map<String, String> entry) {
        String[] values = new String[FIELDS];
        entry.forEach((name, value) -> keep(values, name, value));
        return toEvent(values);
    }

    /** An entry as the relay reads it; fails (IllegalArgumentException, NumberFormatException, …) on one that is not an event. */
    public static CloudEvent<?> toEvent(Entry entry) {
        String[] fields = entry.fields();
        if (fields == null) {
            throw new IllegalArgumentException("the entry has no fields (deleted while pending)");
        }
        String[] values = new String[FIELDS];
        for (int i = 0; i + 1 < fields.length; i += 2) {
            keep(values, fields[i], fields[i + 1]);
        }
        return toEvent(values);
    }

    private static void keep(String[] values, String name, String value) {
        int slot = slot(name);
        if (slot >= 0) {
            values[slot] = value;
        }
    }

    private static int slot(String name) {
        if (name == null) {
            return -1;
        }
        return switch (name) {
            case "type" -> TYPE;
            case "event_id" -> EVENT_ID;
            case "seq" -> SEQ;
            case "from" -> FROM;
            case "to" -> TO;
            case "amount" -> AMOUNT;
            case "subject" -> SUBJECT;
            case "category" -> CATEGORY;
            case "reason" -> REASON;
            case "time" -> TIME;
            case "app_id" -> APP_ID;
            case "developer_id" -> DEVELOPER_ID;
            case "tool_name" -> TOOL_NAME;
            case "byollm" -> BYOLLM;
            case "developer_share" -> DEVELOPER_SHARE;
            case "platform_share" -> PLATFORM_SHARE;
            case "traceparent" -> TRACEPARENT;
            case "actor" -> ACTOR;
            default -> -1;
        };
    }

    private static CloudEvent<?> toEvent(String[] entry) {
        String type = entry[TYPE];
        Instant time = Instant.ofEpochMilli(Long.parseLong(entry[TIME]));
        long seq = Long.parseLong(entry[SEQ]);
        Object data;
        String eventType;
        if (CHARGE.equals(type)) {
            eventType = ChargeRecorded.TYPE;
            data = new ChargeRecorded(entry[FROM], entry[APP_ID], entry[DEVELOPER_ID],
                    entry[TOOL_NAME], "1".equals(entry[BYOLLM]), Long.parseLong(entry[AMOUNT]),
                    Long.parseLong(entry[DEVELOPER_SHARE]), Long.parseLong(entry[PLATFORM_SHARE]),
                    entry[TO], seq);
        } else {
            eventType = TokensTransferred.TYPE;
            data = new TokensTransferred(type, entry[FROM], entry[TO], Long.parseLong(entry[AMOUNT]),
                    entry[CATEGORY], entry[REASON], seq);
        }
        return CloudEvent.of(entry[EVENT_ID], eventType, SOURCE, entry[SUBJECT], time, data, entry[TRACEPARENT], entry[ACTOR]);
    }
}
