package io.couponflow.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.couponflow.core.Fakes;
import io.couponflow.core.coupon.Coupon;
import io.couponflow.core.coupon.CouponBudgets;
import io.couponflow.core.coupon.CouponKind;
import io.couponflow.core.decision.DecisionMaker;
import io.couponflow.core.decision.ExplorationDraws;
import io.couponflow.core.decision.LiveShare;
import io.couponflow.core.event.EventLimits;
import io.couponflow.core.event.EventValidator;
import io.couponflow.core.features.FeatureEncoder;
import io.couponflow.core.ingest.EventBatchIngestor;
import io.couponflow.core.reward.RewardAttributor;
import io.couponflow.core.policy.DecisionContext;
import io.couponflow.core.policy.PolicyFeatures;
import io.couponflow.core.policy.Policy;
import io.couponflow.core.policy.PolicyVersion;
import io.couponflow.core.policy.QHead;
import io.couponflow.dynamodb.Backoff;
import io.couponflow.dynamodb.DynamoBudgetCounter;
import io.couponflow.dynamodb.DynamoDecisionLog;
import io.couponflow.dynamodb.DynamoEventStore;
import io.couponflow.dynamodb.TableDefinitions;
import io.couponflow.dynamodb.TableNames;
import io.couponflow.onnx.FeatureSpecs;
import io.couponflow.onnx.OnnxSequenceEncoder;
import io.couponflow.testing.Dynalite;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * DynamoDB capacity units per decision and per event, as DynamoDB would bill them on demand: every
 * request asks for its consumed capacity, which dynalite computes by DynamoDB's item-size rules for
 * the table; dynalite does not add index writes, which DynamoDB bills again per index an item is
 * projected into (README "Scale" adds them). Decisions are wired as the score function wires them (the shipped ONNX encoder,
 * budget use read per container every 5 s, cap and budget taken together; catalogue and policy are
 * per-container caches refreshed every 30 s, left out here) and every one issues a coupon with a
 * budget over 4 shards and a per-user cap (among four coupons offered): the dearest decision. Events are views in batches of 20, then
 * one purchase per shopper credited to a decision. Also prints how long a decision and an ingest batch
 * took in this process against dynalite (the Lambda's billed duration, less the runtime's own).
 * Usage: UnitsPerOperation [shoppers=50] [decisionsPerShopper=10]
 */
public final class UnitsPerOperation {

    /** Sums the read and write units each operation consumed (the table's; see above for indexes). */
    static final class Units implements ExecutionInterceptor {
        final Map<String, double[]> byOperation = new TreeMap<>();   // operation -> {calls, read units, write units}

        @Override
        public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
            SdkRequest r = context.request();
            ReturnConsumedCapacity indexes = ReturnConsumedCapacity.TOTAL;
            if (r instanceof QueryRequest q) {
                return q.toBuilder().returnConsumedCapacity(indexes).build();
            } else if (r instanceof GetItemRequest g) {
                return g.toBuilder().returnConsumedCapacity(indexes).build();
            } else if (r instanceof PutItemRequest p) {
                return p.toBuilder().returnConsumedCapacity(indexes).build();
            } else if (r instanceof UpdateItemRequest u) {
                return u.toBuilder().returnConsumedCapacity(indexes).build();
            } else if (r instanceof BatchGetItemRequest b) {
                return b.toBuilder().returnConsumedCapacity(indexes).build();
            } else if (r instanceof BatchWriteItemRequest b) {
                return b.toBuilder().returnConsumedCapacity(indexes).build();
            }
            return r;
        }

        @Override
        public synchronized void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            Object res = context.response();
            List<ConsumedCapacity> cc = new ArrayList<>();
            boolean write = false;
            if (res instanceof QueryResponse q && q.consumedCapacity() != null) {
                cc.add(q.consumedCapacity());
            } else if (res instanceof GetItemResponse g && g.consumedCapacity() != null) {
                cc.add(g.consumedCapacity());
            } else if (res instanceof BatchGetItemResponse b && b.hasConsumedCapacity()) {
                cc.addAll(b.consumedCapacity());
            } else if (res instanceof PutItemResponse p && p.consumedCapacity() != null) {
                cc.add(p.consumedCapacity());
                write = true;
            } else if (res instanceof UpdateItemResponse u && u.consumedCapacity() != null) {
                cc.add(u.consumedCapacity());
                write = true;
            } else if (res instanceof BatchWriteItemResponse b && b.hasConsumedCapacity()) {
                cc.addAll(b.consumedCapacity());
                write = true;
            }
            double units = cc.stream().mapToDouble(c -> c.capacityUnits() == null ? 0 : c.capacityUnits()).sum();
            double[] row = byOperation.computeIfAbsent(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), k -> new double[3]);
            row[0]++;
            row[write ? 2 : 1] += units;
        }

        synchronized void print(String per, int n) {
            double reads = 0;
            double writes = 0;
            for (Map.Entry<String, double[]> e : byOperation.entrySet()) {
                double[] r = e.getValue();
                System.out.printf("  %-15s %6.2f calls  %6.2f RRU  %6.2f WRU  per %s%n", e.getKey(), r[0] / n, r[1] / n, r[2] / n, per);
                reads += r[1];
                writes += r[2];
            }
            System.out.printf("  total           %6.2f RRU  %6.2f WRU per %s (%d %ss)%n", reads / n, writes / n, per, n, per);
            byOperation.clear();
        }
    }

    public static void main(String[] args) throws Exception {
        int shoppers = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int perShopper = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Units units = new Units();
        ObjectMapper json = new ObjectMapper();
        ExecutorService io = Executors.newFixedThreadPool(4);
        try (Dynalite dynalite = Dynalite.inMemory(); DynamoDbClient plain = dynalite.client();
             DynamoDbClient client = dynalite.clientBuilder(Duration.ofSeconds(30))
                     .overrideConfiguration(c -> c.addExecutionInterceptor(units)).build();
             OnnxSequenceEncoder encoder = OnnxSequenceEncoder.load(OnnxSequenceEncoder.shippedModel(),
                     new FeatureEncoder(FeatureSpecs.fromClasspath(json)))) {
            TableNames t = TableNames.withPrefix("units-");
            TableDefinitions.createAll(plain, t);
            Clock clock = Clock.systemUTC();
            DynamoDecisionLog log = new DynamoDecisionLog(client, t.decisions(), Duration.ofDays(180));
            DynamoEventStore events = new DynamoEventStore(client, t.events(), Duration.ofDays(90), Backoff.defaults());
            EventBatchIngestor ingestor = new EventBatchIngestor(new EventValidator(EventLimits.defaults()), events,
                    new RewardAttributor(log, RewardAttributor.Settings.defaults()));

            long now = clock.millis();
            long[] ingestNanos = new long[shoppers];
            for (int u = 0; u < shoppers; u++) {
                List<Map<String, Object>> batch = new ArrayList<>();
                for (int k = 0; k < 20; k++) {
                    batch.add(Map.of("eventId", "v-" + u + "-" + k, "userId", "shopper-" + u, "type", "view",
                            "ts", now - (20 - k) * 30_000L, "category", "c" + (k % 5), "price", 10.0 + k, "itemId", "item-" + k));
                }
                long t0 = System.nanoTime();
                ingestor.ingest(batch, Instant.ofEpochMilli(now));
                ingestNanos[u] = System.nanoTime() - t0;
            }
            System.out.println("ingest, views in batches of 20 (BatchGetItem for the key check, BatchWriteItem; the table's units):");
            units.print("event", shoppers * 20);
            System.out.println(Stats.latency("  ingest of a batch of 20 views, in process", ingestNanos));

            Fakes.Catalog catalog = new Fakes.Catalog();
            // the four coupons DecisionLatency offers, so a logged decision has its production size
            catalog.put(new Coupon("F5", CouponKind.FIXED, 5, 0, null, null, null, 1_000_000, 1_000, true, 4));
            catalog.put(new Coupon("P10", CouponKind.PERCENT, 10, 20, null, null, null, null, null, true));
            catalog.put(new Coupon("SHIP", CouponKind.FREE_SHIPPING, 4.9, 0, null, null, null, null, null, true));
            catalog.put(new Coupon("F15", CouponKind.FIXED, 15, 80, null, null, null, 1_000_000, 1_000, true, 4));
            int stateDim = PolicyFeatures.stateDim(32);
            double[] w = new double[PolicyFeatures.ACTION_DIM * stateDim];
            w[2 * stateDim + stateDim - 1] = 1.0;   // a sale is certain with a fixed-amount coupon: every decision issues
            Fakes.Policies policies = new Fakes.Policies();
            policies.save(new PolicyVersion("v-greedy", Policy.greedy(new QHead(PolicyFeatures.ACTION_DIM, stateDim, w), 1, 0.0), null, 0,
                    "PASSED_GATE", "{}"));
            policies.promote("v-greedy", null);
            DecisionMaker maker = new DecisionMaker(events, encoder, catalog,
                    new CouponBudgets(new DynamoBudgetCounter(client, t.budgets(), clock), CouponBudgets.Settings.defaults(), clock),
                    policies, log, DecisionMaker.Settings.defaults(), clock, ExplorationDraws.shared(new SplittableRandom(5)),
                    LiveShare.everyone(), io);
            DecisionContext context = new DecisionContext("web", 40, null);
            int issued = 0;
            List<String> lastDecision = new ArrayList<>();
            long[] decideNanos = new long[shoppers * perShopper];
            for (int i = 0; i < shoppers * perShopper; i++) {
                long t0 = System.nanoTime();
                DecisionMaker.Result r = maker.decide(new DecisionMaker.Request("shopper-" + (i % shoppers), context, null));
                decideNanos[i] = System.nanoTime() - t0;
                issued += r.coupon() == null ? 0 : 1;
                if (i >= shoppers * (perShopper - 1)) {
                    lastDecision.add(r.decisionId());
                }
            }
            System.out.printf("decisions, each issuing a coupon (%d of %d issued; budget use read every %s per container):%n",
                    issued, shoppers * perShopper, CouponBudgets.Settings.defaults().readTtl());
            units.print("decision", shoppers * perShopper);
            System.out.println(Stats.latency("  decision, in process (the first ones warm the JIT)", decideNanos));

            for (int u = 0; u < shoppers; u++) {
                ingestor.ingest(List.of(Map.of("eventId", "p-" + u, "userId", "shopper-" + u, "type", "purchase",
                        "ts", clock.millis(), "orderValue", 40.0, "couponId", "F5", "decisionId", lastDecision.get(u))),
                        clock.instant());
            }
            System.out.println("purchases, one a batch, each credited to a decision (key check, write, decision query, reward update):");
            units.print("purchase", shoppers);
        } finally {
            io.shutdown();
        }
    }
}
