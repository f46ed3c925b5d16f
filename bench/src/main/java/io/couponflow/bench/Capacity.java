package io.couponflow.bench;

import io.couponflow.core.Fakes;
import io.couponflow.core.coupon.BudgetDay;
import io.couponflow.core.coupon.BudgetDayReport;
import io.couponflow.core.coupon.BudgetShards;
import io.couponflow.core.coupon.Coupon;
import io.couponflow.core.coupon.CouponBudgets;
import io.couponflow.core.coupon.CouponKind;
import io.couponflow.core.decision.DecisionMaker;
import io.couponflow.core.decision.ExplorationDraws;
import io.couponflow.core.decision.LiveShare;
import io.couponflow.core.decision.Reason;
import io.couponflow.core.metrics.Metric;
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
import io.couponflow.testing.Dynalite;
import io.couponflow.testing.ManualClock;
import io.couponflow.testing.PartitionLimits;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many coupons one coupon can issue per second within DynamoDB's per-partition limits: decisions
 * for one coupon run through DecisionMaker with the real DynamoDB adapters (history query, budget
 * reads and takes, per-user cap, decision log with its index) against dynalite behind
 * {@link PartitionLimits}, at increasing rates of a virtual clock (this machine reaches a few hundred
 * decisions a second of wall time; the limits count per virtual second). Each decision is a new
 * shopper, every decision wants the coupon (a greedy policy, no pacing), and each step's budget is
 * three quarters of its decisions, so the budget runs out within the step and overspend is tested
 * under full concurrency. A step passes when no decision met a throttle and nothing was overspent.
 *
 * <p>Prints a row per step, the hottest keys, and last the line
 * {@code one coupon: N issues/s sustained under per-partition limits, overspend 0, throttled decisions T}
 * (N: the highest rate passed; T: throttled decisions over every step run; the sweep stops at the
 * first step that fails). Before it, the under-issue line: the units each step's budget ended with,
 * as the nightly report reads them (BudgetDayReport), against the bound containers × ⌊shards / tries⌋.
 * The coupon declares the highest rate as its expected peak, so its shards are derived as for any coupon
 * (⌈rate / 500⌉, BudgetShards) unless a count is given (1 = one key).
 * Usage: Capacity [rates=500,1000,2000,5000,10000,20000] [seconds=2] [threads=8] [shards]
 */
public final class Capacity {
    private static final int HIDDEN = 4;
    private static final Instant START = Instant.parse("2026-11-30T12:00:00Z");

    /** What one decision met. */
    static final class Outcome {
        volatile boolean throttled;
    }

    /** The decision each thread works for, so that a throttle is charged to it. */
    static final ThreadLocal<Outcome> CURRENT = new ThreadLocal<>();

    record Step(int rate, int decisions, int budget, int issued, int refusedForBudget, int failed, int throttled,
                long counted, double issuesPerSecond, int containers, BudgetDay report) {
        boolean passed() {
            return throttled == 0 && failed == 0 && overspend() == 0;
        }

        int overspend() {
            return (int) Math.max(0, Math.max(issued, counted) - budget);
        }
    }

    public static void main(String[] args) throws Exception {
        int[] rates = java.util.Arrays.stream((args.length > 0 ? args[0] : "500,1000,2000,5000,10000,20000").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        Integer shardsGiven = args.length > 3 ? Integer.valueOf(args[3]) : null;
        double peak = java.util.Arrays.stream(rates).max().orElse(1);
        ManualClock clock = new ManualClock(START);
        try (Dynalite dynalite = Dynalite.inMemory(); DynamoDbClient plain = dynalite.client(Duration.ofSeconds(60))) {
            PartitionLimits limits = new PartitionLimits(clock, plain);
            limits.onThrottle(t -> {
                Outcome o = CURRENT.get();
                if (o != null) {
                    o.throttled = true;
                }
            });
            try (DynamoDbClient client = dynalite.clientBuilder(Duration.ofSeconds(60))
                    .overrideConfiguration(c -> c.addExecutionInterceptor(limits).apiCallTimeout(Duration.ofSeconds(60))).build()) {
                TableNames tables = TableNames.withPrefix("cap-");
                TableDefinitions.createAll(plain, tables);
                int shards = BudgetShards.count(coupon("any", 1_000_000, shardsGiven, peak));
                System.out.printf("one coupon, budget over %d shard(s) (%s); decision index over %d shards; budget use read every %s per container%n",
                        shards, shardsGiven != null ? "given" : "from its expected peak of " + (int) peak + " issues/s",
                        TableDefinitions.DECISION_INDEX_SHARDS, CouponBudgets.Settings.defaults().readTtl());
                ExecutorService ioPool = Executors.newFixedThreadPool(threads * 2);
                // a decision's reads and takes run beside each other, as in the score function; a throttle
                // on those threads is charged to the decision that started them
                Executor io = task -> {
                    Outcome o = CURRENT.get();
                    ioPool.execute(() -> {
                        CURRENT.set(o);
                        try {
                            task.run();
                        } finally {
                            CURRENT.remove();
                        }
                    });
                };
                System.out.printf("%8s %9s %7s %7s %9s %7s %9s %8s %6s %10s  %s%n", "rate/s", "decisions", "budget", "issued",
                        "refused", "failed", "throttled", "counted", "under", "issues/s", "hottest key (units in one second)");
                List<Step> steps = new ArrayList<>();
                long stepStart = START.toEpochMilli();
                for (int rate : rates) {
                    limits.resetPeaks();
                    Step s = step(client, plain, tables, clock, rate, seconds, threads, shardsGiven, peak, io, stepStart);
                    steps.add(s);
                    List<String> hot = limits.hottest(2);
                    System.out.printf("%8d %9d %7d %7d %9d %7d %9d %8d %6d %10.0f  %s%n", s.rate(), s.decisions(), s.budget(), s.issued(),
                            s.refusedForBudget(), s.failed(), s.throttled(), s.counted(), s.report().underIssued(),
                            s.issuesPerSecond(), String.join("; ", hot));
                    stepStart += (seconds + 1) * 1000L;
                    if (!s.passed()) {
                        break;
                    }
                }
                int sustained = steps.stream().filter(Step::passed).mapToInt(Step::rate).max().orElse(0);
                int overspend = steps.stream().mapToInt(Step::overspend).max().orElse(0);
                int throttled = steps.stream().mapToInt(Step::throttled).sum();
                ioPool.shutdown();
                Step worst = steps.stream().max(java.util.Comparator.comparingInt((Step x) -> x.report().underIssued())).orElseThrow();
                System.out.printf("under-issue at the end of each step: at most %d units (%d at %d/s: %d of %d shards ran dry),"
                                + " bound %d containers x %d = %d%n", worst.report().underIssued(), worst.report().underIssued(),
                        worst.rate(), worst.report().shardsRanDry(), worst.report().shards(), worst.containers(),
                        worst.report().strandedBound(), worst.containers() * worst.report().strandedBound());
                System.out.printf("one coupon: %d issues/s sustained under per-partition limits, overspend %d, throttled decisions %d%n",
                        sustained, overspend, throttled);
            }
        }
    }

    /** One rate: its own coupon, fresh containers, decisions stamped i / rate seconds after the step's start. */
    static Step step(DynamoDbClient client, DynamoDbClient plain, TableNames tables, ManualClock clock, int rate,
                     int seconds, int threads, Integer shards, double peak, Executor io, long startMillis) throws Exception {
        int decisions = rate * seconds;
        int budget = decisions * 3 / 4;
        String couponId = "HOT" + rate;
        Fakes.Catalog catalog = new Fakes.Catalog();
        Coupon coupon = coupon(couponId, budget, shards, peak);
        catalog.put(coupon);
        Fakes.Policies policies = greedyForFixedCoupons();
        // a container serves a decision in about 30 ms: rate x 0.03 of them are busy at once
        int containers = Math.max(1, (int) Math.ceil(rate * 0.03));
        List<DecisionMaker> makers = new ArrayList<>();
        SplittableRandom seeds = new SplittableRandom(rate);
        DynamoDecisionLog log = new DynamoDecisionLog(client, tables.decisions(), Duration.ofDays(180));
        DynamoEventStore events = new DynamoEventStore(client, tables.events(), Duration.ofDays(90), Backoff.defaults());
        for (int c = 0; c < containers; c++) {
            makers.add(new DecisionMaker(events, new Fakes.Encoder(HIDDEN), catalog,
                    new CouponBudgets(new DynamoBudgetCounter(client, tables.budgets(), clock), CouponBudgets.Settings.defaults(), clock),
                    policies, log, new DecisionMaker.Settings(20, 0.0, 0.3), clock, ExplorationDraws.shared(seeds.split()),
                    LiveShare.everyone(), io));
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger issued = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger throttled = new AtomicInteger();
        AtomicLong lastIssue = new AtomicLong(startMillis);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < decisions; i = next.getAndIncrement()) {
                    long at = startMillis + (long) i * 1000 / rate;
                    clock.advanceTo(at);
                    Outcome o = new Outcome();
                    CURRENT.set(o);
                    try {
                        DecisionMaker.Result r = makers.get(i % containers).decide(new DecisionMaker.Request("shopper-" + rate + "-" + i,
                                new DecisionContext("app", 40, null), List.of(couponId)));
                        if (r.coupon() != null) {
                            issued.incrementAndGet();
                            lastIssue.accumulateAndGet(at, Math::max);
                        } else if (r.reasons().contains(Reason.of(Reason.Code.BUDGET_EXHAUSTED, couponId))
                                || r.reasons().contains(Reason.of(Reason.Code.BUDGET_BUSY, couponId))) {
                            refused.incrementAndGet();
                        }
                    } catch (SdkException | java.util.concurrent.CompletionException e) {
                        failed.incrementAndGet();
                    } finally {
                        CURRENT.remove();
                    }
                    if (o.throttled) {
                        throttled.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        try {
            for (Future<?> f : workers) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        long counted = java.util.Arrays.stream(new DynamoBudgetCounter(plain, tables.budgets(), clock)
                .used(Map.of(couponId, BudgetShards.count(coupon)), DecisionMaker.day(Instant.ofEpochMilli(startMillis)))
                .getOrDefault(couponId, new int[0])).sum();
        // the step's coupon as the nightly report sees it (one coupon in its catalogue)
        BudgetDay report = new BudgetDayReport(catalog, new DynamoBudgetCounter(plain, tables.budgets(), clock),
                CouponBudgets.Settings.defaults().maxTries(), Metric.EARLY_DAY_SHARE)
                .forDay(DecisionMaker.day(Instant.ofEpochMilli(startMillis))).get(0);
        double issuingSeconds = (lastIssue.get() - startMillis) / 1000.0 + 1.0 / rate;
        return new Step(rate, decisions, budget, issued.get(), refused.get(), failed.get(), throttled.get(), counted,
                issued.get() / issuingSeconds, containers, report);
    }

    /** The bench's coupon: a budget, a cap of one per shopper, and its shards given or derived from its expected peak. */
    static Coupon coupon(String couponId, int budget, Integer shards, double peak) {
        return new Coupon(couponId, CouponKind.FIXED, 5, 0, null, null, null, budget, 1, true, shards,
                shards == null ? peak : null);
    }

    /** A greedy policy (ε = 0) under which a fixed-amount coupon always beats none: every decision wants it. */
    static Fakes.Policies greedyForFixedCoupons() {
        int sd = PolicyFeatures.stateDim(HIDDEN);
        double[] w = new double[PolicyFeatures.ACTION_DIM * sd];
        w[2 * sd + sd - 1] = 1.0;   // a sale is certain with a fixed-amount coupon, impossible without
        Fakes.Policies policies = new Fakes.Policies();
        policies.save(new PolicyVersion("v-greedy", Policy.greedy(new QHead(PolicyFeatures.ACTION_DIM, sd, w), 1, 0.0),
                PolicyFeatures.stateVersion("enc-fake"), 0, "CANDIDATE", "{}"));
        policies.promote("v-greedy", null);
        return policies;
    }
}
