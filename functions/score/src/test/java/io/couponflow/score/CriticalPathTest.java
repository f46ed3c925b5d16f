package io.couponflow.score;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.couponflow.core.coupon.Coupon;
import io.couponflow.core.coupon.CouponBudgets;
import io.couponflow.core.coupon.CouponKind;
import io.couponflow.core.decision.DecisionMaker;
import io.couponflow.core.decision.ExplorationDraws;
import io.couponflow.core.decision.LiveShare;
import io.couponflow.core.features.FeatureEncoder;
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
import io.couponflow.onnx.FeatureSpecs;
import io.couponflow.onnx.OnnxSequenceEncoder;
import io.couponflow.testing.Dynalite;
import io.couponflow.testing.RoundTrips;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The DynamoDB round trips a decision makes in series, counted by an SDK interceptor that also adds
 * 40 ms to every call (so that calls made in parallel surely overlap): with warm per-container caches,
 * a decision that issues a coupon with a budget and a per-user cap makes at most three.
 */
class CriticalPathTest {

    @Test
    void decide_issuingACouponWithBudgetAndCap_makesAtMostThreeRoundTripsInSeries() {
        RoundTrips trips = new RoundTrips(Duration.ofMillis(40));
        try (Dynalite dynalite = Dynalite.inMemory(); DynamoDbClient plain = dynalite.client();
             DynamoDbClient client = dynalite.clientBuilder(Duration.ofSeconds(10))
                     .overrideConfiguration(c -> c.addExecutionInterceptor(trips)).build();
             OnnxSequenceEncoder encoder = OnnxSequenceEncoder.load(OnnxSequenceEncoder.shippedModel(),
                     new FeatureEncoder(FeatureSpecs.fromClasspath(new ObjectMapper())))) {
            TableNames t = TableNames.withPrefix("cp-");
            TableDefinitions.createAll(plain, t);
            new DynamoCouponCatalog(plain, t.coupons()).put(new Coupon("F5", CouponKind.FIXED, 5, 0, null, null, null, 1_000, 1, true));
            int stateDim = PolicyFeatures.stateDim(32);
            double[] w = new double[PolicyFeatures.ACTION_DIM * stateDim];
            w[2 * stateDim + stateDim - 1] = 1.0;   // a sale is certain with a fixed-amount coupon, impossible without
            DynamoPolicyStore store = new DynamoPolicyStore(plain, t.models(), "default");
            store.save(new PolicyVersion("v-greedy", Policy.greedy(new QHead(PolicyFeatures.ACTION_DIM, stateDim, w), 1, 0.0), null, 0,
                    "CANDIDATE", "{}"));
            store.promote("v-greedy", null);
            Clock clock = Clock.systemUTC();
            // wired as ScoreApi wires it: catalogue and policy cached per container, budget use read every
            // few seconds, reads and takes beside each other on a small pool
            ExecutorService io = Executors.newFixedThreadPool(4);
            DecisionMaker maker = new DecisionMaker(
                    new DynamoEventStore(client, t.events(), Duration.ofDays(1), Backoff.defaults()), encoder,
                    Cached.catalog(new DynamoCouponCatalog(client, t.coupons()), Duration.ofSeconds(30), clock),
                    new CouponBudgets(new DynamoBudgetCounter(client, t.budgets(), clock), CouponBudgets.Settings.defaults(), clock),
                    Cached.policies(new DynamoPolicyStore(client, t.models(), "default"), Duration.ofSeconds(30), clock),
                    new DynamoDecisionLog(client, t.decisions(), Duration.ofDays(1)),
                    DecisionMaker.Settings.defaults(), clock, ExplorationDraws.shared(new SplittableRandom(5)),
                    LiveShare.everyone(), io);
            DecisionContext context = new DecisionContext("web", 40, null);
            assertNotNull(maker.decide(new DecisionMaker.Request("warm-up", context, null)).coupon());

            trips.clear();
            DecisionMaker.Result r = maker.decide(new DecisionMaker.Request("shopper", context, null));
            assertNotNull(r.coupon(), r.reasons().toString());
            List<String> chain = trips.chain().stream().map(RoundTrips.Call::operation).toList();
            System.out.printf("critical path: %d calls, %d in series: %s%n", trips.calls().size(), trips.inSeries(), chain);
            assertTrue(trips.inSeries() <= 3, "round trips in series: " + chain + " of " + trips.calls());
            io.shutdown();
        }
    }
}
