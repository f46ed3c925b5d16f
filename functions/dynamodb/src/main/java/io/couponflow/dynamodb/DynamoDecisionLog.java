package io.couponflow.dynamodb;

import io.couponflow.core.policy.Candidate;
import io.couponflow.core.decision.DecisionLog;
import io.couponflow.core.decision.DecisionMaker;
import io.couponflow.core.decision.DecisionRecord;
import io.couponflow.core.decision.UserHash;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decisions in DynamoDB: one item per decision, rewards set once by a conditional update.
 * <p>
 * A purchase is credited to at most one decision: before a decision's reward is set, the purchase is
 * claimed for it by a conditional put of a credit item keyed (userId, {@code #credit#}purchaseId) that
 * names the decision. Two deliveries of one purchase (a resend, a race of two batches) that pick
 * different decisions cannot both claim it; the same decision twice is the conditional update's
 * case. A claim whose update fails because another purchase rewarded that decision first is released,
 * so a later delivery may credit another one. Credit items sort before every decision's time-ordered
 * key (so {@link #since} never reads them), have no {@code dayShard} (so the by-day index skips them),
 * expire with their decision and are erased with the user.
 * <p>
 * The by-day index is partitioned by {@code day#kk}, kk the index shard of the user's {@link UserHash}
 * (its top bits), and sorted by {@code hash#ts#decisionId}: a day's writes spread over
 * {@link TableDefinitions#DECISION_INDEX_SHARDS} keys, and a range of hashes is a few key ranges.
 */
public final class DynamoDecisionLog implements DecisionLog {
    private static final String ENCODER = "encoderVersion";
    private static final String POLICY_VERSION = "policyVersion";
    private static final String STATE = "state";
    private static final String CART = "cartValue";
    private static final String CANDIDATES = "candidates";
    private static final String ACTION = "a";
    private static final String PHI = "phi";
    private static final String COST = "cost";
    private static final String CHOSEN = "chosen";
    private static final String PROPENSITY = "propensity";
    private static final String PROBABILITIES = "probabilities";
    private static final String EPSILON = "epsilon";
    private static final String UPLIFT = "expectedUplift";
    private static final String REASONS = "reasons";
    private static final String REWARD = "reward";
    private static final String REWARD_ORDER = "rewardOrderValue";
    private static final String REWARD_TS = "rewardTs";
    private static final String REWARD_SOURCE = "rewardSource";
    /** The shop's own choice sent with the request; absent when it sent none. */
    private static final String BASELINE = "baseline";
    /** What couponflow would have chosen where the baseline served (a map; see DecisionRecord.Shadow). */
    private static final String SHADOW = "shadow";
    private static final String CREDIT_PREFIX = "#credit#";
    private static final String CREDITED_SK = "creditedSk";

    private final DynamoDbClient client;
    private final String table;
    private final Duration retention;
    private final BatchRequests batches;

    public DynamoDecisionLog(DynamoDbClient client, String table, Duration retention) {
        this.client = client;
        this.table = table;
        this.retention = retention;
        this.batches = new BatchRequests(client, Backoff.defaults());
    }

    @Override
    public void record(DecisionRecord d) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Attr.USER_ID, Items.s(d.userId()));
        item.put(Attr.SK, Items.s(Attr.sortKey(d.ts(), d.decisionId())));
        long userHash = UserHash.of(d.userId());
        item.put(Attr.DAY_SHARD, Items.s(dayShard(DecisionMaker.day(Instant.ofEpochMilli(d.ts())), shard(userHash))));
        item.put(Attr.USER_SK, Items.s(hex(userHash) + "#" + Attr.sortKey(d.ts(), d.decisionId())));
        item.put(Attr.DECISION_ID, Items.s(d.decisionId()));
        item.put(Attr.TS, Items.n(d.ts()));
        Items.putIfPresent(item, ENCODER, d.encoderVersion());
        item.put(POLICY_VERSION, Items.s(d.policyVersion()));
        if (d.state() != null) {
            item.put(STATE, Items.doubles(d.state()));
        }
        item.put(CART, Items.n(d.cartValue()));
        List<AttributeValue> candidates = new ArrayList<>();
        for (Candidate c : d.candidates()) {
            candidates.add(AttributeValue.fromM(Map.of(ACTION, Items.s(c.actionId()), PHI, Items.doubles(c.phi()),
                    COST, Items.n(c.cost()))));
        }
        item.put(CANDIDATES, AttributeValue.fromL(candidates));
        item.put(CHOSEN, Items.s(d.chosen()));
        item.put(PROPENSITY, Items.n(d.propensity()));
        item.put(PROBABILITIES, Items.doubles(d.probabilities()));
        item.put(EPSILON, Items.n(d.epsilon()));
        item.put(UPLIFT, Items.n(d.expectedUplift()));
        item.put(REASONS, AttributeValue.fromL(d.reasons().stream().map(Items::s).toList()));
        item.put(Attr.EXPIRES_AT, Items.n(d.ts() / 1000 + retention.toSeconds()));
        if (d.reward() != null) {
            item.put(REWARD, Items.n(d.reward().value()));
            item.put(REWARD_ORDER, Items.n(d.reward().orderValue()));
            item.put(REWARD_TS, Items.n(d.reward().ts()));
            item.put(REWARD_SOURCE, Items.s(d.reward().source()));
        }
        Items.putIfPresent(item, BASELINE, d.baseline());
        if (d.shadow() != null) {
            item.put(SHADOW, shadowItem(d.shadow()));
        }
        client.putItem(p -> p.tableName(table).item(item));
    }

    private static AttributeValue shadowItem(DecisionRecord.Shadow s) {
        return AttributeValue.fromM(Map.of(CHOSEN, Items.s(s.chosen()), PROPENSITY, Items.n(s.propensity()),
                PROBABILITIES, Items.doubles(s.probabilities()), POLICY_VERSION, Items.s(s.policyVersion()),
                EPSILON, Items.n(s.epsilon()), UPLIFT, Items.n(s.expectedUplift())));
    }

    private static DecisionRecord.Shadow shadow(Map<String, AttributeValue> i) {
        if (!i.containsKey(SHADOW)) {
            return null;
        }
        Map<String, AttributeValue> m = i.get(SHADOW).m();
        return new DecisionRecord.Shadow(Items.str(m, CHOSEN), Items.dbl(m, PROPENSITY), Items.doubles(m, PROBABILITIES),
                Items.str(m, POLICY_VERSION), Items.dbl(m, EPSILON), Items.dbl(m, UPLIFT));
    }

    @Override
    public List<DecisionRecord> since(String userId, long sinceTs) {
        List<DecisionRecord> out = new ArrayList<>();
        client.queryPaginator(q -> q.tableName(table).consistentRead(true)
                .keyConditionExpression("#u = :u AND #sk >= :from")
                .expressionAttributeNames(Map.of("#u", Attr.USER_ID, "#sk", Attr.SK))
                .expressionAttributeValues(Map.of(":u", Items.s(userId), ":from", Items.s(Attr.timePrefix(Math.max(0, sinceTs))))))
                .items().forEach(i -> out.add(fromItem(i)));
        return out;
    }

    @Override
    public boolean attribute(DecisionRecord d, DecisionRecord.Reward r) {
        String decisionSk = Attr.sortKey(d.ts(), d.decisionId());
        if (!claim(d, r.source(), decisionSk)) {
            return false;
        }
        try {
            client.updateItem(u -> u.tableName(table)
                    .key(Map.of(Attr.USER_ID, Items.s(d.userId()), Attr.SK, Items.s(decisionSk)))
                    .updateExpression("SET #r = :r, #o = :o, #t = :t, #s = :s")
                    .conditionExpression("attribute_exists(#sk) AND attribute_not_exists(#r)")
                    .expressionAttributeNames(Map.of("#r", REWARD, "#o", REWARD_ORDER, "#t", REWARD_TS, "#s", REWARD_SOURCE,
                            "#sk", Attr.SK))
                    .expressionAttributeValues(Map.of(":r", Items.n(r.value()), ":o", Items.n(r.orderValue()),
                            ":t", Items.n(r.ts()), ":s", Items.s(r.source()))));
            return true;
        } catch (ConditionalCheckFailedException alreadyRewarded) {
            if (!r.source().equals(rewardSource(d.userId(), decisionSk))) {
                release(d.userId(), r.source(), decisionSk);
            }
            return false;
        }
    }

    /** Claims the purchase for this decision: true if it was free or already claimed for this decision. */
    private boolean claim(DecisionRecord d, String purchaseId, String decisionSk) {
        try {
            client.putItem(p -> p.tableName(table)
                    .item(Map.of(Attr.USER_ID, Items.s(d.userId()), Attr.SK, Items.s(CREDIT_PREFIX + purchaseId),
                            CREDITED_SK, Items.s(decisionSk),
                            Attr.EXPIRES_AT, Items.n(d.ts() / 1000 + retention.toSeconds())))
                    .conditionExpression("attribute_not_exists(#sk) OR #c = :d")
                    .expressionAttributeNames(Map.of("#sk", Attr.SK, "#c", CREDITED_SK))
                    .expressionAttributeValues(Map.of(":d", Items.s(decisionSk))));
            return true;
        } catch (ConditionalCheckFailedException creditedElsewhere) {
            return false;
        }
    }

    private void release(String userId, String purchaseId, String decisionSk) {
        try {
            client.deleteItem(x -> x.tableName(table)
                    .key(Map.of(Attr.USER_ID, Items.s(userId), Attr.SK, Items.s(CREDIT_PREFIX + purchaseId)))
                    .conditionExpression("#c = :d")
                    .expressionAttributeNames(Map.of("#c", CREDITED_SK))
                    .expressionAttributeValues(Map.of(":d", Items.s(decisionSk))));
        } catch (ConditionalCheckFailedException notOurs) {
            // claimed for another decision meanwhile: leave it
        }
    }

    private String rewardSource(String userId, String decisionSk) {
        Map<String, AttributeValue> item = client.getItem(g -> g.tableName(table).consistentRead(true)
                .key(Map.of(Attr.USER_ID, Items.s(userId), Attr.SK, Items.s(decisionSk)))
                .projectionExpression("#s").expressionAttributeNames(Map.of("#s", REWARD_SOURCE))).item();
        return item == null ? null : Items.str(item, REWARD_SOURCE);
    }

    /**
     * One Query per index shard the hash range touches (a whole day: every shard), each bounded to the
     * range on the sort key, paged to the end.
     */
    @Override
    public List<DecisionRecord> byDay(String day, long fromHash, long toHash) {
        List<DecisionRecord> out = new ArrayList<>();
        if (fromHash >= toHash) {
            return out;
        }
        long shardSpan = UserHash.SPACE >>> TableDefinitions.DECISION_INDEX_SHARD_BITS;
        for (int k = shard(fromHash); k <= shard(toHash - 1); k++) {
            long lo = Math.max(fromHash, k * shardSpan);
            long hi = Math.min(toHash, (k + 1) * shardSpan) - 1;
            client.queryPaginator(QueryRequest.builder().tableName(table).indexName(Attr.DECISIONS_BY_DAY_INDEX)
                    .keyConditionExpression("#d = :d AND #s BETWEEN :lo AND :hi")
                    .expressionAttributeNames(Map.of("#d", Attr.DAY_SHARD, "#s", Attr.USER_SK))
                    // every key of a hash starts with its 8 hex digits and '#', which sorts before '$'
                    .expressionAttributeValues(Map.of(":d", Items.s(dayShard(day, k)), ":lo", Items.s(hex(lo)),
                            ":hi", Items.s(hex(hi) + "$"))).build())
                    .items().forEach(i -> out.add(fromItem(i)));
        }
        return out;
    }

    static int shard(long userHash) {
        return (int) (userHash >>> (32 - TableDefinitions.DECISION_INDEX_SHARD_BITS));
    }

    static String dayShard(String day, int shard) {
        return day + "#" + (shard < 10 ? "0" : "") + shard;
    }

    private static String hex(long hash) {
        String h = Long.toHexString(hash);
        return "0".repeat(8 - h.length()) + h;
    }

    @Override
    public int deleteUser(String userId) {
        List<WriteRequest> deletes = new ArrayList<>();
        client.queryPaginator(q -> q.tableName(table)
                .keyConditionExpression("#u = :u")
                .expressionAttributeNames(Map.of("#u", Attr.USER_ID))
                .expressionAttributeValues(Map.of(":u", Items.s(userId)))
                .projectionExpression(Attr.USER_ID + ", " + Attr.SK))
                .items().forEach(k -> deletes.add(WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(k).build()).build()));
        for (List<WriteRequest> chunk : BatchRequests.chunks(deletes, BatchRequests.WRITE_CHUNK)) {
            batches.write(table, chunk);
        }
        return (int) deletes.stream().filter(w -> !w.deleteRequest().key().get(Attr.SK).s().startsWith(CREDIT_PREFIX)).count();
    }

    static DecisionRecord fromItem(Map<String, AttributeValue> i) {
        List<Candidate> candidates = new ArrayList<>();
        for (AttributeValue c : i.get(CANDIDATES).l()) {
            Map<String, AttributeValue> m = c.m();
            candidates.add(new Candidate(Items.str(m, ACTION), Items.doubles(m, PHI), Items.dbl(m, COST)));
        }
        DecisionRecord.Reward reward = null;
        if (i.containsKey(REWARD)) {
            reward = new DecisionRecord.Reward(Items.dbl(i, REWARD), Items.dbl(i, REWARD_ORDER),
                    Items.lng(i, REWARD_TS, 0), Items.str(i, REWARD_SOURCE));
        }
        List<String> reasons = i.containsKey(REASONS) ? i.get(REASONS).l().stream().map(AttributeValue::s).toList() : List.of();
        return new DecisionRecord(Items.str(i, Attr.DECISION_ID), Items.str(i, Attr.USER_ID), Items.lng(i, Attr.TS, 0),
                Items.str(i, ENCODER), Items.str(i, POLICY_VERSION), Items.doubles(i, STATE), Items.dbl(i, CART), candidates,
                Items.str(i, CHOSEN), Items.dbl(i, PROPENSITY), Items.doubles(i, PROBABILITIES), Items.dbl(i, EPSILON),
                Items.dbl(i, UPLIFT), reasons, reward, Items.str(i, BASELINE), shadow(i));
    }
}
