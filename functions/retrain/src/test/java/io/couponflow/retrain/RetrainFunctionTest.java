package io.couponflow.retrain;

import io.couponflow.core.policy.Candidate;
import com.fasterxml.jackson.databind.JsonNode;
import io.couponflow.core.coupon.BudgetCounter;
import io.couponflow.core.coupon.Coupon;
import io.couponflow.core.coupon.CouponKind;
import io.couponflow.core.decision.DecisionMaker;
import io.couponflow.core.decision.DecisionRecord;
import io.couponflow.core.learn.RetrainJob;
import io.couponflow.core.policy.PolicyFeatures;
import io.couponflow.core.policy.Policy;
import io.couponflow.core.policy.PolicyStore;
import io.couponflow.core.policy.PolicyVersion;
import io.couponflow.dynamodb.DynamoBudgetCounter;
import io.couponflow.dynamodb.DynamoCouponCatalog;
import io.couponflow.dynamodb.DynamoDecisionLog;
import io.couponflow.dynamodb.DynamoPolicyStore;
import io.couponflow.dynamodb.DynamoReportStore;
import io.couponflow.dynamodb.TableNames;
import io.couponflow.testing.DynaliteTestResource;
import io.couponflow.testing.LambdaInvoker;
import io.couponflow.testing.ManualClock;
import io.couponflow.testing.SampleAnswers;
import io.couponflow.testing.SampleEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The retrain function end to end against dynalite: promotion, refusal, rollback and a crash mid-publish. */
@QuarkusTest
@QuarkusTestResource(DynaliteTestResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RetrainFunctionTest {
    private static final int H = 32;

    @Inject
    DynamoDbClient client;

    @Inject
    TableNames tables;

    @Inject
    RetrainService service;

    /**
     * Cold-start logs (uniform over none, A, B) at a cart of 50 and a margin of 0.3, whose sales follow a
     * known rule: with coupon A (cost 5) shoppers with a positive first state feature buy with
     * probability 0.7 and the others 0.1; with B (cost 10) 0.2; without a coupon 0.3. So A is worth
     * 0.7 × 10 = 7 to the first kind (none 0.3 × 15 = 4.5) and "none" is best for the others.
     */
    private void seedLogs(int users, int perUser, long seed) {
        DynamoDecisionLog log = new DynamoDecisionLog(client, tables.decisions(), Duration.ofDays(30));
        SplittableRandom rnd = new SplittableRandom(seed);
        long start = Instant.now().minus(Duration.ofHours(40)).toEpochMilli();
        List<Candidate> c = List.of(new Candidate("none", PolicyFeatures.none(), 0),
                new Candidate("A", new double[]{1, 1, 1, 0, 0, 0.1, 0.1, 0}, 5),
                new Candidate("B", new double[]{1, 1, 0, 1, 0, 0.2, 0.2, 0}, 10));
        for (int u = 0; u < users; u++) {
            double sign = rnd.nextBoolean() ? 1 : -1;
            for (int k = 0; k < perUser; k++) {
                double[] z = new double[PolicyFeatures.stateDim(H)];
                for (int j = 0; j < H; j++) {
                    z[j] = rnd.nextGaussian() * 0.3;
                }
                z[0] = sign * (0.5 + rnd.nextDouble());
                z[z.length - 1] = 1;
                int chosen = rnd.nextInt(3);
                double p = chosen == 1 ? (z[0] > 0 ? 0.7 : 0.1) : chosen == 2 ? 0.2 : 0.3;
                boolean bought = rnd.nextDouble() < p;
                long ts = start + (long) u * 60_000 + k * 3_600_000L;
                log.record(new DecisionRecord("d-" + seed + "-" + u + "-" + k, "user-" + seed + "-" + u, ts, "enc-test",
                        "cold-start", z, 50, c, c.get(chosen).actionId(), 1.0 / 3, new double[]{1.0 / 3, 1.0 / 3, 1.0 / 3},
                        1.0, 0, List.of("COLD_START"), new DecisionRecord.Reward(bought ? 15 - c.get(chosen).cost() : 0,
                        bought ? 50 : 0, ts + 1000, bought ? "p-" + u + "-" + k : "window-closed")));
            }
        }
    }

    @Test
    @Order(1)
    void scheduledEvent_withTooFewDecisions_reportsInsufficientData() {
        // the answer events/expected-answers.json gives the sample (the native executable's check reads it too)
        List<SampleAnswers.Expectation> expected = SampleAnswers.of("retrain");
        assertEquals(SampleEvents.withPrefix("retrain-").stream().map(p -> p.getFileName().toString()).toList(),
                expected.stream().map(SampleAnswers.Expectation::sample).toList());
        java.io.PrintStream stdout = System.out;
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            for (SampleAnswers.Expectation e : expected) {
                JsonNode out = LambdaInvoker.invokeRaw(e.event());
                assertEquals(List.of(), e.problems(out), e.sample() + " -> " + out);
            }
        } finally {
            System.setOut(stdout);
        }
        // the run's outcome as metrics (what the template's dashboard and retrain alarms read)
        JsonNode emf = printed.toString(java.nio.charset.StandardCharsets.UTF_8).lines().filter(l -> l.contains("\"RetrainRuns\""))
                .map(l -> {
                    try {
                        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(l);
                    } catch (java.io.IOException x) {
                        throw new java.io.UncheckedIOException(x);
                    }
                }).findFirst().orElseThrow(() -> new AssertionError("no retrain metrics record in: " + printed));
        assertEquals("retrain", emf.get("Function").asText());
        assertEquals(1, emf.get("RetrainRuns").asInt());
        assertEquals(0, emf.get("RetrainPromoted").asInt());
        assertEquals(1, emf.get("RetrainInsufficientData").asInt());
    }

    @Test
    @Order(2)
    void scheduledEvent_betterPolicyInLogs_isPromoted_thenAnEqualOneIsRefused() throws Exception {
        seedLogs(150, 6, 1);
        String schedule = Files.readString(SampleEvents.withPrefix("retrain-").get(0));
        JsonNode first = LambdaInvoker.invokeRaw(schedule).get("summary");
        assertEquals("PROMOTED", first.get("outcome").asText(), first.toString());
        assertTrue(first.get("drDifference").asDouble() > 0);
        assertEquals(5, first.get("candidateEstimates").size());
        assertEquals(0.3, first.get("valuePerCart").asDouble(), 1e-9, "(reward + cost) / cart of every sale");
        String v1 = first.get("version").asText();
        assertEquals(v1, policies().active().orElseThrow().version());
        assertTrue(policies().active().get().summaryJson().contains("\"outcome\":\"PROMOTED\""), "summary stored with the version");
        // the posterior draws and how the policy explores survive the round trip through DynamoDB
        Policy stored = policies().active().get().policy();
        Policy defaults = new Policy(stored.conversion(), stored.draws(), null, 0.3, 0, 0.005, Policy.Exploration.THOMPSON);
        assertEquals(RetrainJob.Settings.defaults().learner().posteriorDraws(), stored.draws().size());
        assertEquals(stored.draws().size(), first.get("posteriorDraws").asInt());
        assertEquals(RetrainJob.Settings.defaults().learner().exploration(), stored.exploration());
        assertEquals(RetrainJob.Settings.defaults().learner().epsilon(), stored.epsilon(), 0);
        // learnt from fewer decisions than the early ones: it spreads a share of its coupons over every coupon
        assertEquals(RetrainJob.Settings.defaults().learner().early().couponSpread(), stored.couponSpread(), 0);
        assertTrue(first.get("runMillis").asLong() >= first.get("learnMillis").asLong());
        // what serves is the refit on every closed decision, and the summary says so (the budget left room)
        assertEquals("SERVED", first.get("refit").get("outcome").asText(), first.toString());
        assertEquals(first.get("data").get("decisionsClosed").asInt(), first.get("refit").get("transitions").asInt());
        assertNotNull(policies().active().get().judged(), "the version keeps the policy the gate judged");
        assertEquals(stored.conversion().stateDim(), stored.draws().get(0).stateDim());
        assertTrue(stored.draws().stream().distinct().count() > 1, "draws differ");
        // what the stored policy does: A for the first kind of shopper, none for the other
        double[] plus = new double[PolicyFeatures.stateDim(H)];
        plus[0] = 1;
        plus[plus.length - 1] = 1;
        double[] minus = plus.clone();
        minus[0] = -1;
        List<Candidate> c = List.of(new Candidate("none", PolicyFeatures.none(), 0),
                new Candidate("A", new double[]{1, 1, 1, 0, 0, 0.1, 0.1, 0}, 5),
                new Candidate("B", new double[]{1, 1, 0, 1, 0, 0.2, 0.2, 0}, 10));
        assertEquals(1, stored.distribution(c, plus, 50, new double[3]).greedy());
        assertEquals(0, stored.distribution(c, minus, 50, new double[3]).greedy());
        assertEquals(defaults.valuePerCart(), stored.valuePerCart(), 1e-9);

        Thread.sleep(1_100);   // versions are named by the second
        JsonNode second = LambdaInvoker.invokeRaw(schedule).get("summary");
        assertEquals("KEPT_AS_CANDIDATE", second.get("outcome").asText(), second.toString());
        assertEquals(v1, policies().active().orElseThrow().version(), "the serving policy did not change");
        assertEquals("REJECTED", policies().get(second.get("version").asText()).orElseThrow().status());
    }

    @Test
    @Order(3)
    void promoteThenRollback_returnsToThePreviousVersion() {
        PolicyStore p = policies();
        String v1 = p.active().orElseThrow().version();
        String rejected = p.versions().stream().map(PolicyVersion::version).filter(v -> !v.equals(v1)).findFirst().orElseThrow();
        JsonNode promoted = LambdaInvoker.invokeRaw("{\"detail-type\":\"manual\",\"detail\":{\"action\":\"promote\",\"version\":\"" + rejected + "\"}}");
        assertTrue(promoted.get("promoted").asBoolean());
        assertEquals(rejected, p.active().orElseThrow().version());
        JsonNode back = LambdaInvoker.invokeRaw("{\"detail\":{\"action\":\"rollback\"}}");
        assertTrue(back.get("rolledBack").asBoolean());
        assertEquals(v1, back.get("activeAfter").asText());
        assertEquals(v1, p.active().orElseThrow().version());
        assertEquals("unknown action 'explode'; use retrain, rollback or promote",
                LambdaInvoker.invokeRaw("{\"detail\":{\"action\":\"explode\"}}").get("error").asText());
    }

    @Test
    @Order(4)
    void crashMidPublish_leavesTheActiveVersionServing() throws Exception {
        seedLogs(150, 6, 2);
        PolicyStore real = policies();
        String before = real.active().orElseThrow().version();
        int versionsBefore = real.versions().size();
        // the job is shown no active policy, so its candidate beats the cold-start policy and the run
        // reaches the publish step, where the injected crash strikes after the version is written
        PolicyStore crashOnPromote = (PolicyStore) Proxy.newProxyInstance(PolicyStore.class.getClassLoader(),
                new Class<?>[]{PolicyStore.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "active" -> java.util.Optional.empty();
                    case "promote" -> throw new IllegalStateException("injected crash between saving the version and moving ACTIVE");
                    default -> method.invoke(real, args);
                });
        PolicyStore crashOnSave = (PolicyStore) Proxy.newProxyInstance(PolicyStore.class.getClassLoader(),
                new Class<?>[]{PolicyStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("save")) {
                        throw new IllegalStateException("injected crash while writing the version");
                    }
                    return method.invoke(real, args);
                });
        Thread.sleep(1_100);
        assertThrows(IllegalStateException.class, () -> service.job(crashOnSave).run(() -> false));
        assertEquals(before, real.active().orElseThrow().version());
        assertEquals(versionsBefore, real.versions().size(), "nothing half-written");

        IllegalStateException crash = assertThrows(IllegalStateException.class,
                () -> service.job(crashOnPromote).run(() -> false));
        assertTrue(crash.getMessage().startsWith("injected crash between"));
        assertEquals(before, real.active().orElseThrow().version(), "ACTIVE still names the serving version");
        assertEquals(versionsBefore + 1, real.versions().size(), "the new version was saved, not served");
    }

    @Test
    @Order(5)
    void deadlineAlreadyPassed_stopsTrainingButStillSaves() {
        int before = policies().versions().size();
        var summary = service.job(policies()).run(() -> true);
        // the conversion head is one closed-form fit and always completes; with γ > 0 the Q-iteration
        // after it is what a deadline cuts short (PolicyLearnerTest)
        assertEquals(RetrainJob.Settings.defaults().learner().gamma() > 0 ? "deadline" : "converged", summary.stoppedBy());
        assertNotNull(summary.version());
        assertEquals(before + 1, policies().versions().size());
        assertFalse(summary.outcome().equals("INSUFFICIENT_DATA"));
    }

    @Test
    @Order(6)
    void scheduledEvent_reportsYesterdaysBudgetsCouponByCoupon_withTheVersion() throws Exception {
        String yesterday = DecisionMaker.day(Instant.now().minus(Duration.ofDays(1)));
        Instant nine = Instant.parse(yesterday + "T09:00:00Z");
        DynamoCouponCatalog catalog = new DynamoCouponCatalog(client, tables.coupons());
        catalog.put(new Coupon("RAN-OUT", CouponKind.FIXED, 5, 0, null, null, null, 6, null, true, 3));
        catalog.put(new Coupon("LEFT", CouponKind.FIXED, 5, 0, null, null, null, 10, null, true, 2));
        ManualClock at = new ManualClock(nine);
        DynamoBudgetCounter counter = new DynamoBudgetCounter(client, tables.budgets(), at);
        for (int k = 0; k < 3; k++) {
            for (int u = 0; u < 2; u++) {
                at.advance(Duration.ofMinutes(1));
                assertEquals(BudgetCounter.Take.TAKEN, counter.tryTake("RAN-OUT", yesterday, k, 2));
            }
        }
        Instant ranOut = at.instant();
        for (int u = 0; u < 5; u++) {
            assertEquals(BudgetCounter.Take.TAKEN, counter.tryTake("LEFT", yesterday, 0, 5));   // shard 0 dry, shard 1 untouched
        }
        seedLogs(150, 6, 3);
        Thread.sleep(1_100);
        JsonNode summary = LambdaInvoker.invokeRaw(Files.readString(SampleEvents.withPrefix("retrain-").get(0))).get("summary");
        JsonNode budgets = summary.get("budgets");
        assertEquals(2, budgets.size(), budgets.toString());
        JsonNode left = budgets.get(0);
        assertEquals("LEFT", left.get("couponId").asText());
        assertEquals(yesterday, left.get("day").asText());
        assertEquals(10, left.get("budget").asInt());
        assertEquals(5, left.get("issued").asInt());
        assertEquals(5, left.get("underIssued").asInt());
        assertEquals(5, left.get("strandedInShards").asInt(), "left in shard 1 while shard 0 ran dry");
        assertEquals(1, left.get("shardsRanDry").asInt());
        assertTrue(left.get("ranOutAt").isNull());
        assertFalse(left.get("ranOutEarly").asBoolean());
        JsonNode out = budgets.get(1);
        assertEquals("RAN-OUT", out.get("couponId").asText());
        assertEquals(6, out.get("issued").asInt());
        assertEquals(0, out.get("underIssued").asInt());
        assertEquals(ranOut.toString(), out.get("ranOutAt").asText());
        assertTrue(out.get("ranOutEarly").asBoolean(), "spent by 09:06, before 90% of the day");
        // operators see it where they see the night's summary: stored with the version (GET /v1/policies)
        String stored = policies().get(summary.get("version").asText()).orElseThrow().summaryJson();
        assertTrue(stored.contains("\"couponId\":\"RAN-OUT\"") && stored.contains("\"ranOutEarly\":true"), stored);
    }

    /**
     * A/B decisions 30 hours ago (closed: the window is 24 h). Live, each request with the baseline
     * "none": none with a sale (15), A with a sale (15 − 5), none without one. Baseline-served: A
     * without a sale (couponflow's shadow: A), none with a sale (shadow: A).
     */
    private void seedAbDecisions() {
        DynamoDecisionLog log = new DynamoDecisionLog(client, tables.decisions(), Duration.ofDays(30));
        List<Candidate> c = List.of(new Candidate("none", PolicyFeatures.none(), 0),
                new Candidate("A", new double[]{1, 1, 1, 0, 0, 0.1, 0.1, 0}, 5));
        long ts = Instant.now().minus(Duration.ofHours(30)).toEpochMilli();
        double[] z = new double[PolicyFeatures.stateDim(H)];
        z[z.length - 1] = 1;
        String[][] rows = {{"live", "none", "15"}, {"live", "A", "10"}, {"live", "none", "0"},
                {"base", "A", "0"}, {"base", "none", "15"}};
        for (int i = 0; i < rows.length; i++) {
            boolean live = rows[i][0].equals("live");
            double reward = Double.parseDouble(rows[i][2]);
            DecisionRecord.Reward r = new DecisionRecord.Reward(reward, reward > 0 ? 50 : 0, ts + 1000,
                    reward > 0 ? "ab-p" + i : "window-closed");
            log.record(new DecisionRecord("ab-" + i, "ab-user-" + i, ts + i, "enc-test",
                    live ? "cold-start" : DecisionRecord.BASELINE_POLICY, z, 50, c, rows[i][1], live ? 0.5 : 1,
                    live ? new double[]{0.5, 0.5} : new double[]{rows[i][1].equals("none") ? 1 : 0, rows[i][1].equals("A") ? 1 : 0},
                    1.0, 0, List.of(live ? "COLD_START" : "BASELINE"), r, live ? "none" : rows[i][1],
                    live ? null : new DecisionRecord.Shadow("A", 0.5, new double[]{0.5, 0.5}, "cold-start", 1.0, 0)));
        }
    }

    @Test
    @Order(7)
    void scheduledEvent_storesTheAbReport() throws Exception {
        seedAbDecisions();
        JsonNode answer = LambdaInvoker.invokeRaw(Files.readString(SampleEvents.withPrefix("retrain-").get(0)));
        assertEquals("retrain", answer.get("action").asText(), answer.toString());

        JsonNode report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                new DynamoReportStore(client, tables.models(), "default").latest().orElseThrow());
        assertEquals(7, report.get("days").asInt(), "the default period");
        assertEquals(1.0, report.get("samplingRate").asDouble(), 0);
        assertEquals(3, report.at("/live/decisions").asInt());
        assertEquals(3, report.at("/live/users").asInt());
        assertEquals(25.0 / 3, report.at("/live/rewardPerDecision/value").asDouble(), 1e-9);
        assertEquals(2, report.at("/live/conversions").asInt());
        assertEquals(1, report.at("/live/couponsIssued").asInt());
        assertEquals(5, report.at("/live/couponSpend").asDouble(), 0);
        assertEquals(2, report.at("/live/agreement/agreed").asInt());
        assertEquals(2, report.at("/baseline/decisions").asInt());
        assertEquals(7.5, report.at("/baseline/rewardPerDecision/value").asDouble(), 1e-9);
        assertEquals(1, report.at("/baseline/couponsIssued").asInt());
        assertEquals(0, report.at("/baseline/couponSpend").asDouble(), 0);
        assertEquals(25.0 / 3 - 7.5, report.at("/incrementalProfit/value").asDouble(), 1e-9);
        assertTrue(report.at("/incrementalProfit/lower").asDouble() <= report.at("/incrementalProfit/upper").asDouble());
        assertEquals(0.6, report.at("/agreement/rate").asDouble(), 1e-12, "3 of 5 decisions");
        assertTrue(report.get("withoutBaseline").asInt() >= 900, "the earlier tests' decisions carried no baseline");
    }

    private PolicyStore policies() {
        return new DynamoPolicyStore(client, tables.models(), "default");
    }
}
