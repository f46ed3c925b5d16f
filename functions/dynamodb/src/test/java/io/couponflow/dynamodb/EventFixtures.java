package io.couponflow.dynamodb;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Raw (untyped, as parsed from JSON) events for ingest tests. */
final class EventFixtures {
    private EventFixtures() {
    }

    static Map<String, Object> good(String eventId, String userId, long ts, Random rnd) {
        Map<String, Object> m = new HashMap<>();
        m.put("eventId", eventId);
        m.put("userId", userId);
        m.put("ts", ts);
        switch (rnd.nextInt(4)) {
            case 0 -> {
                m.put("type", "view");
                m.put("itemId", "item-" + rnd.nextInt(500));
                m.put("category", "cat-" + rnd.nextInt(20));
                m.put("price", Math.round(rnd.nextDouble() * 20_000) / 100.0);
            }
            case 1 -> {
                m.put("type", "add_to_cart");
                m.put("itemId", "item-" + rnd.nextInt(500));
                m.put("price", 12.5);
            }
            case 2 -> {
                m.put("type", "search");
                m.put("query", "red shoes");
            }
            default -> {
                m.put("type", "purchase");
                m.put("orderValue", 42.0 + rnd.nextInt(100));
            }
        }
        return m;
    }

    /** Bad in one of five ways, in turn: each yields exactly one field error. */
    static Map<String, Object> bad(int i, long ts) {
        Map<String, Object> m = new HashMap<>();
        m.put("eventId", "bad-" + i);
        m.put("userId", "u-bad");
        m.put("type", "view");
        m.put("ts", ts);
        switch (i % 5) {
            case 0 -> m.put("type", "teleport");
            case 1 -> m.remove("userId");
            case 2 -> m.put("ts", ts - 400L * 24 * 3600 * 1000);
            case 3 -> m.put("price", -3);
            default -> m.put("eventId", "x".repeat(300));
        }
        return m;
    }

    static final String[] BAD_FIELDS = {"type", "userId", "ts", "price", "eventId"};

    /** {@code n} good events of {@code users} users with distinct ids, timestamps in the last hour. */
    static List<Map<String, Object>> goodBatch(String prefix, int n, int users, Instant now, long seed) {
        Random rnd = new Random(seed);
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long ts = now.toEpochMilli() - rnd.nextInt(3_600_000);
            out.add(good(prefix + "-" + i, "user-" + (i % users), ts, rnd));
        }
        return out;
    }
}
