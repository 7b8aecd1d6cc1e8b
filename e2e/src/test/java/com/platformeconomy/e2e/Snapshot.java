package com.platformeconomy.e2e;

import com.platformeconomy.stack.Redis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;

/**
 * Everything the suite stores, as text: every Redis key with its value, every row of every table
 * of the five databases. Two snapshots are equal when nothing was changed.
 */
final class Snapshot {

    private Snapshot() {
    }

    static Map<String, String> take(E2eSuite suite) {
        Map<String, String> snapshot = new TreeMap<>();
        try (Redis redis = suite.redis()) {
            for (String key : redis.keys("*")) {
                String type = (String) redis.call("TYPE", key);
                String value = switch (type) {
                    case "string" -> (String) redis.call("GET", key);
                    case "hash" -> redis.hash(key).toString();
                    case "set" -> new TreeSet<>(redis.list("SMEMBERS", key)).toString();
                    case "zset" -> redis.list("ZRANGE", key, "0", "-1", "WITHSCORES").toString();
                    case "list" -> redis.list("LRANGE", key, "0", "-1").toString();
                    case "stream" -> "length " + redis.call("XLEN", key) + ", last " + redis.call("XREVRANGE", key, "+", "-", "COUNT", "1");
                    case "none" -> null; // expired between SCAN and TYPE
                    default -> type;
                };
                if (value != null && !rememberedRefusal(key, value)) {
                    snapshot.put("redis " + key, value);
                }
            }
        }
        suite.db.forEach((name, db) -> {
            for (String table : db.tables()) {
                if ("wallet".equals(name) && "first_sight".equals(table)) {
                    continue; // the first sight of an id, kept for good whatever the request's outcome (SPEC §10)
                }
                List<String> rows = db.rows("SELECT * FROM " + table).stream().map(Object::toString).sorted()
                        .collect(Collectors.toCollection(ArrayList::new));
                snapshot.put("table " + name + "." + table, rows.toString());
            }
        });
        return snapshot;
    }

    /**
     * A refused request's idempotency record: the first outcome is the outcome, so a refusal (402,
     * 404 unknown app, a refused hold) is remembered for the window (SPEC §10) and its replay is
     * refused again. It moves nothing; it is not a change a bad request may not make.
     */
    private static boolean rememberedRefusal(String taggedKey, String value) {
        String key = E2eSuite.untagged(taggedKey);
        if (key.startsWith("pes:event:")) {
            int sep = value.indexOf('\n');
            return sep >= 0 && !value.startsWith("ok|", sep + 1);
        }
        return key.startsWith("pes:hold:") && value.contains("state=refused");
    }

    /** The keys whose values differ (or exist in one only). */
    static List<String> differences(Map<String, String> before, Map<String, String> after) {
        TreeSet<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        return keys.stream().filter(k -> !Objects.equals(before.get(k), after.get(k))).toList();
    }

    /** A snapshot taken once two in a row, a second apart, are equal: nothing is in flight any more. */
    static Map<String, String> quiet(E2eSuite suite, Duration atMost) {
        List<Map<String, String>> last = new ArrayList<>(List.of(take(suite)));
        Awaitility.await("a quiet suite").atMost(atMost).pollInterval(Duration.ofSeconds(1)).until(() -> {
            Map<String, String> now = take(suite);
            boolean same = differences(last.get(0), now).isEmpty();
            if (!same) {
                System.out.println("e2e: still changing: " + differences(last.get(0), now));
            }
            last.set(0, now);
            return same;
        });
        return last.get(0);
    }
}
