package io.couponflow.dynamodb;

/** Attribute names, in one place. Keys first. */
public final class Attr {
    private Attr() {
    }

    // keys
    public static final String USER_ID = "userId";
    /**
     * Time-ordered key: zero-padded epoch millis, '#', id (time order = string order). The sort key of
     * decisions and of the events' by-time index.
     */
    public static final String SK = "sk";
    public static final String COUPON_ID = "couponId";
    public static final String BUDGET_KEY = "budgetKey";
    public static final String POLICY = "policy";
    public static final String VERSION = "version";
    /** Partition key of the decisions' by-day index: UTC date and index shard, {@code yyyy-MM-dd#kk}. */
    public static final String DAY_SHARD = "dayShard";
    /**
     * Sort key of the decisions' by-day index: the user's hash (8 hex digits) then the time-ordered key,
     * {@code hhhhhhhh#ts#decisionId}: unique, and a range of it is a range of shoppers.
     */
    public static final String USER_SK = "userSk";

    /** TTL attribute of every table that expires items (epoch seconds). */
    public static final String EXPIRES_AT = "expiresAt";

    // events
    public static final String EVENT_ID = "eventId";
    public static final String TYPE = "type";
    public static final String TS = "ts";
    public static final String ITEM_ID = "itemId";
    public static final String CATEGORY = "category";
    public static final String PRICE = "price";
    public static final String QUERY = "query";
    public static final String ORDER_VALUE = "orderValue";
    public static final String DECISION_ID = "decisionId";
    public static final String SESSION_ID = "sessionId";
    /** The event's {@code PayloadFingerprint}: tells a duplicate from a conflict when its key comes again. */
    public static final String PAYLOAD_HASH = "payloadHash";

    /** The by-day index of the decisions table. */
    public static final String DECISIONS_BY_DAY_INDEX = "byDay";
    /** The by-time local index of the events table: a user's events in time order, one query. */
    public static final String EVENTS_BY_TIME_INDEX = "byTime";

    /** Builds a sort key: 13-digit zero-padded millis keep lexicographic order equal to time order. */
    public static String sortKey(long tsMillis, String id) {
        return timePrefix(tsMillis) + '#' + id;
    }

    /** The 13-digit zero-padded millis that start a sort key (ingest builds one per event: no String.format). */
    public static String timePrefix(long tsMillis) {
        if (tsMillis < 0) {
            throw new IllegalArgumentException("a time before 1970 has no sort key: " + tsMillis);
        }
        String digits = Long.toString(tsMillis);
        return digits.length() >= 13 ? digits : "0".repeat(13 - digits.length()) + digits;
    }
}
