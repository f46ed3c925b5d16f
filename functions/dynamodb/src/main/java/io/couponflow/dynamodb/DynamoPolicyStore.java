package io.couponflow.dynamodb;

import io.couponflow.core.policy.Policy;
import io.couponflow.core.policy.PolicyStore;
import io.couponflow.core.policy.PolicyVersion;
import io.couponflow.core.policy.QHead;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Policies in the models table: one immutable item per version, plus the ACTIVE pointer item
 * ({@code version = "ACTIVE"}) naming the serving version and the ones that served before it (and the
 * A/B report's item, {@code version = "AB_REPORT"}, DynamoReportStore's).
 * Promotion and rollback each rewrite only the pointer, under a condition on its current value.
 */
public final class DynamoPolicyStore implements PolicyStore {
    public static final String POINTER = "ACTIVE";
    private static final String ACTIVE = "active";
    private static final String HISTORY = "history";
    /** The conversion head's weights (actionDim × stateDim doubles). */
    private static final String WEIGHTS = "weights";
    private static final String ACTION_DIM = "actionDim";
    private static final String STATE_DIM = "stateDim";
    private static final String EPSILON = "epsilon";
    private static final String ENCODER = "encoderVersion";
    private static final String CREATED = "createdAt";
    private static final String STATUS = "status";
    private static final String SUMMARY = "summary";
    /** The posterior draws' weights, one after another (count × actionDim × stateDim doubles). */
    private static final String DRAW_WEIGHTS = "drawWeights";
    private static final String DRAWS = "draws";
    private static final String CONTINUATION = "continuationWeights";
    private static final String VALUE_PER_CART = "valuePerCart";
    private static final String PESSIMISM = "pessimism";
    private static final String EXPLORATION = "exploration";
    private static final String COUPON_SPREAD = "couponSpread";
    /** Prefix of the attributes of the policy the gate judged, when the serving one is its refit (PolicyVersion#judged). */
    private static final String JUDGED = "judged";

    private final DynamoDbClient client;
    private final String table;
    private final String policy;

    public DynamoPolicyStore(DynamoDbClient client, String table, String policy) {
        this.client = client;
        this.table = table;
        this.policy = policy;
    }

    private Map<String, AttributeValue> key(String version) {
        return Map.of(Attr.POLICY, Items.s(policy), Attr.VERSION, Items.s(version));
    }

    private Optional<Map<String, AttributeValue>> pointer() {
        GetItemResponse r = client.getItem(g -> g.tableName(table).key(key(POINTER)).consistentRead(true));
        return r.hasItem() && !r.item().isEmpty() ? Optional.of(r.item()) : Optional.empty();
    }

    @Override
    public Optional<PolicyVersion> active() {
        return pointer().flatMap(p -> get(Items.str(p, ACTIVE)));
    }

    @Override
    public Optional<PolicyVersion> get(String version) {
        GetItemResponse r = client.getItem(g -> g.tableName(table).key(key(version)).consistentRead(true));
        return r.hasItem() && !r.item().isEmpty() ? Optional.of(fromItem(r.item())) : Optional.empty();
    }

    @Override
    public void save(PolicyVersion v) {
        if (POINTER.equals(v.version()) || DynamoReportStore.REPORT.equals(v.version())) {
            throw new IllegalArgumentException("version name " + v.version() + " is reserved");
        }
        Map<String, AttributeValue> item = new HashMap<>(key(v.version()));
        QHead head = v.policy().conversion();
        item.put(ACTION_DIM, Items.n(head.actionDim()));
        item.put(STATE_DIM, Items.n(head.stateDim()));
        putPolicy(item, "", v.policy());
        if (v.judged() != null) {
            putPolicy(item, JUDGED, v.judged());
        }
        Items.putIfPresent(item, ENCODER, v.encoderVersion());
        item.put(CREATED, Items.n(v.createdAt()));
        item.put(STATUS, Items.s(v.status()));
        item.put(SUMMARY, Items.s(v.summaryJson()));
        client.putItem(p -> p.tableName(table).item(item).conditionExpression("attribute_not_exists(#v)")
                .expressionAttributeNames(Map.of("#v", Attr.VERSION)));
    }

    @Override
    public boolean promote(String version, String expectedActive) {
        if (get(version).isEmpty()) {
            throw new IllegalArgumentException("no version " + version);
        }
        List<AttributeValue> history = new ArrayList<>();
        Optional<Map<String, AttributeValue>> current = pointer();
        if (current.isPresent() && current.get().containsKey(HISTORY)) {
            history.addAll(current.get().get(HISTORY).l());
        }
        if (expectedActive != null) {
            history.add(Items.s(expectedActive));
        }
        return writePointer(version, history, expectedActive);
    }

    @Override
    public boolean rollback() {
        Optional<Map<String, AttributeValue>> current = pointer();
        if (current.isEmpty() || !current.get().containsKey(HISTORY) || current.get().get(HISTORY).l().isEmpty()) {
            return false;
        }
        List<AttributeValue> history = new ArrayList<>(current.get().get(HISTORY).l());
        String previous = history.remove(history.size() - 1).s();
        return writePointer(previous, history, Items.str(current.get(), ACTIVE));
    }

    private boolean writePointer(String version, List<AttributeValue> history, String expectedActive) {
        Map<String, AttributeValue> item = new HashMap<>(key(POINTER));
        item.put(ACTIVE, Items.s(version));
        item.put(HISTORY, AttributeValue.fromL(history));
        try {
            if (expectedActive == null) {
                client.putItem(p -> p.tableName(table).item(item).conditionExpression("attribute_not_exists(#a)")
                        .expressionAttributeNames(Map.of("#a", ACTIVE)));
            } else {
                client.putItem(p -> p.tableName(table).item(item).conditionExpression("#a = :expected")
                        .expressionAttributeNames(Map.of("#a", ACTIVE))
                        .expressionAttributeValues(Map.of(":expected", Items.s(expectedActive))));
            }
            return true;
        } catch (ConditionalCheckFailedException moved) {
            return false;
        }
    }

    @Override
    public List<String> history() {
        return pointer().filter(p -> p.containsKey(HISTORY))
                .map(p -> p.get(HISTORY).l().stream().map(AttributeValue::s).toList()).orElse(List.of());
    }

    @Override
    public List<PolicyVersion> versions() {
        List<PolicyVersion> out = new ArrayList<>();
        client.queryPaginator(q -> q.tableName(table).consistentRead(true)
                .keyConditionExpression("#p = :p")
                .expressionAttributeNames(Map.of("#p", Attr.POLICY))
                .expressionAttributeValues(Map.of(":p", Items.s(policy))))
                .items().forEach(i -> {
                    String version = Items.str(i, Attr.VERSION);
                    if (!POINTER.equals(version) && !DynamoReportStore.REPORT.equals(version)) {
                        out.add(fromItem(i));
                    }
                });
        return out;
    }

    /**
     * One policy's attributes, each name after {@code prefix} ("" for the serving policy; the judged one
     * of the same shape is written beside it under {@link #JUDGED}-prefixed names).
     */
    private static void putPolicy(Map<String, AttributeValue> item, String prefix, Policy policy) {
        QHead head = policy.conversion();
        item.put(name(prefix, WEIGHTS), Items.doubles(head.weights()));
        item.put(name(prefix, VALUE_PER_CART), Items.n(policy.valuePerCart()));
        item.put(name(prefix, EPSILON), Items.n(policy.epsilon()));
        item.put(name(prefix, EXPLORATION), Items.s(policy.exploration().name()));
        item.put(name(prefix, PESSIMISM), Items.n(policy.pessimism()));
        item.put(name(prefix, COUPON_SPREAD), Items.n(policy.couponSpread()));
        if (!policy.draws().isEmpty()) {
            int size = head.actionDim() * head.stateDim();
            double[] all = new double[policy.draws().size() * size];
            for (int m = 0; m < policy.draws().size(); m++) {
                System.arraycopy(policy.draws().get(m).weights(), 0, all, m * size, size);
            }
            item.put(name(prefix, DRAW_WEIGHTS), Items.doubles(all));
            item.put(name(prefix, DRAWS), Items.n(policy.draws().size()));
        }
        if (policy.continuation() != null) {
            item.put(name(prefix, CONTINUATION), Items.doubles(policy.continuation().weights()));
        }
    }

    private static Policy policy(Map<String, AttributeValue> i, String prefix, int actions, int states) {
        QHead conversion = new QHead(actions, states, Items.doubles(i, name(prefix, WEIGHTS)));
        List<QHead> draws = new ArrayList<>();
        double[] all = Items.doubles(i, name(prefix, DRAW_WEIGHTS));
        int count = (int) Items.lng(i, name(prefix, DRAWS), 0);
        int size = actions * states;
        if (all != null && all.length == count * size) {
            for (int m = 0; m < count; m++) {
                draws.add(new QHead(actions, states, Arrays.copyOfRange(all, m * size, (m + 1) * size)));
            }
        }
        double[] continuation = Items.doubles(i, name(prefix, CONTINUATION));
        return new Policy(conversion, draws, continuation == null ? null : new QHead(actions, states, continuation),
                Items.dbl(i, name(prefix, VALUE_PER_CART)), Items.dbl(i, name(prefix, PESSIMISM)),
                Items.dbl(i, name(prefix, EPSILON)), Policy.Exploration.valueOf(Items.str(i, name(prefix, EXPLORATION))),
                Items.dbl(i, name(prefix, COUPON_SPREAD), 0));
    }

    /** {@code weights} under the prefix "judged" is {@code judgedWeights}. */
    private static String name(String prefix, String attribute) {
        return prefix.isEmpty() ? attribute
                : prefix + Character.toUpperCase(attribute.charAt(0)) + attribute.substring(1);
    }

    static PolicyVersion fromItem(Map<String, AttributeValue> i) {
        int actions = (int) Items.lng(i, ACTION_DIM, 0);
        int states = (int) Items.lng(i, STATE_DIM, 0);
        Policy judged = i.containsKey(name(JUDGED, WEIGHTS)) ? policy(i, JUDGED, actions, states) : null;
        return new PolicyVersion(Items.str(i, Attr.VERSION), policy(i, "", actions, states), Items.str(i, ENCODER),
                Items.lng(i, CREATED, 0), Items.str(i, STATUS), Items.str(i, SUMMARY), judged);
    }
}
