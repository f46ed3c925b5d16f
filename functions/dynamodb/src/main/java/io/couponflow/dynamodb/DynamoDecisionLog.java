package io.couponflow.dynamodb;

import io.couponflow.core.decision.DecisionLog;
import io.couponflow.core.decision.DecisionMaker;
import io.couponflow.core.decision.DecisionRecord;
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

/** Decisions in DynamoDB: one item per decision, rewards set once by a conditional update. */
public final class DynamoDecisionLog implements DecisionLog {
    private static final String ENCODER = "encoderVersion";
    private static final String POLICY_VERSION = "policyVersion";
    private static final String STATE = "state";
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
        item.put(Attr.DAY, Items.s(DecisionMaker.day(Instant.ofEpochMilli(d.ts()))));
        item.put(Attr.DECISION_ID, Items.s(d.decisionId()));
        item.put(Attr.TS, Items.n(d.ts()));
        Items.putIfPresent(item, ENCODER, d.encoderVersion());
        item.put(POLICY_VERSION, Items.s(d.policyVersion()));
        if (d.state() != null) {
            item.put(STATE, Items.doubles(d.state()));
        }
        List<AttributeValue> candidates = new ArrayList<>();
        for (DecisionRecord.Candidate c : d.candidates()) {
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
        client.putItem(p -> p.tableName(table).item(item));
    }

    @Override
    public List<DecisionRecord> since(String userId, long sinceTs) {
        List<DecisionRecord> out = new ArrayList<>();
        client.queryPaginator(q -> q.tableName(table).consistentRead(true)
                .keyConditionExpression("#u = :u AND #sk >= :from")
                .expressionAttributeNames(Map.of("#u", Attr.USER_ID, "#sk", Attr.SK))
                .expressionAttributeValues(Map.of(":u", Items.s(userId), ":from", Items.s(String.format("%013d", sinceTs)))))
                .items().forEach(i -> out.add(fromItem(i)));
        return out;
    }

    @Override
    public boolean attribute(DecisionRecord d, DecisionRecord.Reward r) {
        try {
            client.updateItem(u -> u.tableName(table)
                    .key(Map.of(Attr.USER_ID, Items.s(d.userId()), Attr.SK, Items.s(Attr.sortKey(d.ts(), d.decisionId()))))
                    .updateExpression("SET #r = :r, #o = :o, #t = :t, #s = :s")
                    .conditionExpression("attribute_exists(#sk) AND attribute_not_exists(#r)")
                    .expressionAttributeNames(Map.of("#r", REWARD, "#o", REWARD_ORDER, "#t", REWARD_TS, "#s", REWARD_SOURCE,
                            "#sk", Attr.SK))
                    .expressionAttributeValues(Map.of(":r", Items.n(r.value()), ":o", Items.n(r.orderValue()),
                            ":t", Items.n(r.ts()), ":s", Items.s(r.source()))));
            return true;
        } catch (ConditionalCheckFailedException alreadyRewarded) {
            return false;
        }
    }

    @Override
    public List<DecisionRecord> byDay(String day) {
        List<DecisionRecord> out = new ArrayList<>();
        client.queryPaginator(QueryRequest.builder().tableName(table).indexName(Attr.DECISIONS_BY_DAY_INDEX)
                .keyConditionExpression("#d = :d")
                .expressionAttributeNames(Map.of("#d", Attr.DAY))
                .expressionAttributeValues(Map.of(":d", Items.s(day))).build())
                .items().forEach(i -> out.add(fromItem(i)));
        return out;
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
        return deletes.size();
    }

    static DecisionRecord fromItem(Map<String, AttributeValue> i) {
        List<DecisionRecord.Candidate> candidates = new ArrayList<>();
        for (AttributeValue c : i.get(CANDIDATES).l()) {
            Map<String, AttributeValue> m = c.m();
            candidates.add(new DecisionRecord.Candidate(Items.str(m, ACTION), Items.doubles(m, PHI), Items.dbl(m, COST)));
        }
        DecisionRecord.Reward reward = null;
        if (i.containsKey(REWARD)) {
            reward = new DecisionRecord.Reward(Items.dbl(i, REWARD), Items.dbl(i, REWARD_ORDER),
                    Items.lng(i, REWARD_TS, 0), Items.str(i, REWARD_SOURCE));
        }
        List<String> reasons = i.containsKey(REASONS) ? i.get(REASONS).l().stream().map(AttributeValue::s).toList() : List.of();
        return new DecisionRecord(Items.str(i, Attr.DECISION_ID), Items.str(i, Attr.USER_ID), Items.lng(i, Attr.TS, 0),
                Items.str(i, ENCODER), Items.str(i, POLICY_VERSION), Items.doubles(i, STATE), candidates,
                Items.str(i, CHOSEN), Items.dbl(i, PROPENSITY), Items.doubles(i, PROBABILITIES), Items.dbl(i, EPSILON),
                Items.dbl(i, UPLIFT), reasons, reward);
    }
}
