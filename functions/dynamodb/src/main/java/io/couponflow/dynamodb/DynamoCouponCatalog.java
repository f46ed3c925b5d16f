package io.couponflow.dynamodb;

import io.couponflow.core.coupon.Coupon;
import io.couponflow.core.coupon.CouponCatalog;
import io.couponflow.core.coupon.CouponKind;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The coupon catalogue in DynamoDB (one item per coupon). */
public final class DynamoCouponCatalog implements CouponCatalog {
    private static final String KIND = "kind";
    private static final String VALUE = "value";
    private static final String MIN_SPEND = "minSpend";
    private static final String VALID_FROM = "validFrom";
    private static final String VALID_TO = "validTo";
    private static final String DAILY_BUDGET = "dailyBudget";
    private static final String PER_USER_CAP = "perUserCap";
    private static final String BUDGET_SHARDS = "budgetShards";
    private static final String PEAK_ISSUES_PER_SECOND = "peakIssuesPerSecond";
    private static final String ACTIVE = "active";

    private final DynamoDbClient client;
    private final String table;

    public DynamoCouponCatalog(DynamoDbClient client, String table) {
        this.client = client;
        this.table = table;
    }

    @Override
    public Optional<Coupon> get(String couponId) {
        GetItemResponse r = client.getItem(g -> g.tableName(table).consistentRead(true)
                .key(Map.of(Attr.COUPON_ID, Items.s(couponId))));
        return r.hasItem() && !r.item().isEmpty() ? Optional.of(fromItem(r.item())) : Optional.empty();
    }

    @Override
    public void put(Coupon c) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Attr.COUPON_ID, Items.s(c.couponId()));
        item.put(KIND, Items.s(c.kind().wireName()));
        item.put(VALUE, Items.n(c.value()));
        item.put(MIN_SPEND, Items.n(c.minSpend()));
        Items.putIfPresent(item, Attr.CATEGORY, c.category());
        Items.putIfPresent(item, VALID_FROM, c.validFrom() == null ? null : c.validFrom().toString());
        Items.putIfPresent(item, VALID_TO, c.validTo() == null ? null : c.validTo().toString());
        if (c.dailyBudget() != null) {
            item.put(DAILY_BUDGET, Items.n(c.dailyBudget()));
        }
        if (c.perUserCap() != null) {
            item.put(PER_USER_CAP, Items.n(c.perUserCap()));
        }
        if (c.budgetShards() != null) {
            item.put(BUDGET_SHARDS, Items.n(c.budgetShards()));
        }
        if (c.peakIssuesPerSecond() != null) {
            item.put(PEAK_ISSUES_PER_SECOND, Items.n(c.peakIssuesPerSecond()));
        }
        item.put(ACTIVE, AttributeValue.fromBool(c.active()));
        client.putItem(p -> p.tableName(table).item(item));
    }

    @Override
    public List<Coupon> all() {
        List<Coupon> out = new ArrayList<>();
        client.scanPaginator(s -> s.tableName(table).consistentRead(true)).items().forEach(i -> out.add(fromItem(i)));
        out.sort((a, b) -> a.couponId().compareTo(b.couponId()));
        return out;
    }

    static Coupon fromItem(Map<String, AttributeValue> i) {
        String from = Items.str(i, VALID_FROM);
        String to = Items.str(i, VALID_TO);
        Double budget = Items.dbl(i, DAILY_BUDGET);
        Double cap = Items.dbl(i, PER_USER_CAP);
        Double shards = Items.dbl(i, BUDGET_SHARDS);
        AttributeValue active = i.get(ACTIVE);
        return new Coupon(Items.str(i, Attr.COUPON_ID), CouponKind.fromWire(Items.str(i, KIND)).orElseThrow(),
                Items.dbl(i, VALUE), Items.dbl(i, MIN_SPEND), Items.str(i, Attr.CATEGORY),
                from == null ? null : Instant.parse(from), to == null ? null : Instant.parse(to),
                budget == null ? null : budget.intValue(), cap == null ? null : cap.intValue(),
                active == null || Boolean.TRUE.equals(active.bool()), shards == null ? null : shards.intValue(),
                Items.dbl(i, PEAK_ISSUES_PER_SECOND));
    }
}
