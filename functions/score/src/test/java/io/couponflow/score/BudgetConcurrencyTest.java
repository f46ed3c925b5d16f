package io.couponflow.score;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.couponflow.core.coupon.Coupon;
import io.couponflow.core.coupon.CouponBudgets;
import io.couponflow.core.coupon.CouponKind;
import io.couponflow.core.decision.DecisionMaker;
import io.couponflow.core.decision.ExplorationDraws;
import io.couponflow.core.decision.LiveShare;
import io.couponflow.core.decision.Reason;
import io.couponflow.core.features.FeatureEncoder;
import io.couponflow.onnx.FeatureSpecs;
import io.couponflow.onnx.OnnxSequenceEncoder;
import io.couponflow.core.policy.DecisionContext;
import io.couponflow.core.policy.PolicyFeatures;
import io.couponflow.core.policy.Policy;
import io.couponflow.core.policy.PolicyVersion;
import io.couponflow.core.policy.QHead;
import io.couponflow.dynamodb.Backoff;
import io.couponflow.dynamodb.DynamoBudgetCounter;
import io.couponflow.dynamodb.DynamoCouponCatalog;
import io.couponflow.dynamodb.DynamoDecisionLog;
import io.couponflow.dynamodb.DynamoEventStore;
import io.couponflow.dynamodb.DynamoPolicyStore;
import io.couponflow.dynamodb.TableDefinitions;
import io.couponflow.dynamodb.TableNames;
import io.couponflow.testing.Dynalite;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Many decisions at once against one budget split over shards: the conditional counters never let it overspend. */
class BudgetConcurrencyTest {

    @Test
    void decide_200ConcurrentAgainstBudgetOf50OverFourShards_issuesExactly50() throws Exception {
        try (Dynalite dynalite = Dynalite.inMemory(); DynamoDbClient client = dynalite.client();
             OnnxSequenceEncoder encoder = OnnxSequenceEncoder.load(OnnxSequenceEncoder.shippedModel(),
                     new FeatureEncoder(FeatureSpecs.fromClasspath(new ObjectMapper())))) {
            TableNames t = TableNames.withPrefix("bc-");
            TableDefinitions.createAll(client, t);
            DynamoCouponCatalog catalog = new DynamoCouponCatalog(client, t.coupons());
            catalog.put(new Coupon("HOT", CouponKind.FIXED, 5, 0, null, null, null, 50, null, true, 4));
            // a greedy policy (epsilon 0) that always prefers HOT: all 200 decisions try to take it
            int stateDim = PolicyFeatures.stateDim(32);
            double[] w = new double[PolicyFeatures.ACTION_DIM * stateDim];
            w[2 * stateDim + stateDim - 1] = 1.0;   // a sale is certain with a fixed-amount coupon, impossible without
            DynamoPolicyStore policies = new DynamoPolicyStore(client, t.models(), "default");
            policies.save(new PolicyVersion("v-greedy", Policy.greedy(new QHead(PolicyFeatures.ACTION_DIM, stateDim, w), 1, 0.0), null, 0,
                    "CANDIDATE", "{}"));
            policies.promote("v-greedy", null);
            Clock clock = Clock.systemUTC();
            DynamoDecisionLog log = new DynamoDecisionLog(client, t.decisions(), Duration.ofDays(1));
            SplittableRandom seeds = new SplittableRandom(11);
            ExecutorService pool = Executors.newFixedThreadPool(32);
            ExecutorService io = Executors.newFixedThreadPool(8);
            List<Future<DecisionMaker.Result>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                // each decision its own container (its own view of the budget), reads and takes in parallel as served
                DecisionMaker maker = new DecisionMaker(
                        new DynamoEventStore(client, t.events(), Duration.ofDays(1), Backoff.defaults()), encoder, catalog,
                        new CouponBudgets(new DynamoBudgetCounter(client, t.budgets(), clock), CouponBudgets.Settings.defaults(), clock),
                        policies, log, new DecisionMaker.Settings(20, 0.0, 1.0), clock, ExplorationDraws.shared(seeds.split()),
                        LiveShare.everyone(), io);   // no pacing: a pure race
                String user = "conc-" + i;
                results.add(pool.submit(() -> maker.decide(new DecisionMaker.Request(user,
                        new DecisionContext("web", 40, null), List.of("HOT")))));
            }
            int issued = 0;
            int exhaustedReasons = 0;
            for (Future<DecisionMaker.Result> f : results) {
                DecisionMaker.Result r = f.get();
                if (r.coupon() != null) {
                    issued++;
                }
                if (r.reasons().contains(Reason.of(Reason.Code.BUDGET_EXHAUSTED, "HOT"))) {
                    exhaustedReasons++;
                }
            }
            pool.shutdown();
            io.shutdown();
            assertEquals(50, issued, "exactly the budget, never more");
            assertEquals(150, exhaustedReasons, "every other decision was refused for the budget");
            int[] shards = new DynamoBudgetCounter(client, t.budgets(), clock)
                    .used(java.util.Map.of("HOT", 4), DecisionMaker.day(clock.instant())).get("HOT");
            assertEquals(List.of(13, 13, 12, 12), java.util.Arrays.stream(shards).boxed().toList(), "every shard at its limit");
            assertEquals(200, countDecisions(client, t));
            System.out.printf("budget test: 200 decisions, %d issued, %d refused for budget%n", issued, exhaustedReasons);
        }
    }

    private static int countDecisions(DynamoDbClient client, TableNames t) {
        return client.scanPaginator(s -> s.tableName(t.decisions()).select("COUNT")).stream().mapToInt(p -> p.count()).sum();
    }
}
