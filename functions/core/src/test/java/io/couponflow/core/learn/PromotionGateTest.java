package io.couponflow.core.learn;

import io.couponflow.core.policy.Candidate;
import io.couponflow.core.decision.DecisionRecord;
import io.couponflow.core.ope.Bootstrap;
import io.couponflow.core.policy.Policy;
import io.couponflow.core.policy.QHead;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PromotionGateTest {
    /** Uniform logs over {none, coupon}; the coupon pays 1 more on average. State z = [1]; φ = [isNone, isCoupon]. */
    static List<DecisionRecord> logs(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<DecisionRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int a = rnd.nextInt(2);
            double reward = (a == 1 ? 1.0 : 0.0) + rnd.nextGaussian() * 0.5;
            List<Candidate> c = List.of(new Candidate("none", new double[]{1, 0}, 0),
                    new Candidate("C", new double[]{0, 1}, 1));
            out.add(new DecisionRecord("d" + i, "u" + (i % 50), i * 1000L, "enc", "cold-start", new double[]{1}, 10.0, c,
                    a == 0 ? "none" : "C", 0.5, new double[]{0.5, 0.5}, 1.0, 0, List.of(),
                    new DecisionRecord.Reward(reward, 0, i * 1000L, "p")));
        }
        return out;
    }

    @Test
    void judge_betterCandidate_isPromoted_worseOneIsNot() {
        List<DecisionRecord> held = logs(2_000, 1);
        PromotionGate.RewardModel rewardModel = d -> new double[]{0, 1};
        PromotionGate gate = new PromotionGate(new Bootstrap(200, 0.9, 3));
        QHead prefersCoupon = new QHead(2, 1, new double[]{0, 1});
        QHead prefersNone = new QHead(2, 1, new double[]{1, 0});

        PromotionGate.Verdict good = gate.judge(held, new PromotionGate.Evaluated(Policy.greedy(prefersCoupon, 1, 0.1)),
                PromotionGate.Evaluated.coldStart(), rewardModel);
        assertTrue(good.promote(), good.reason());
        assertEquals(0.95 - 0.5, good.drDifference(), 0.08, "0.95 vs 0.5 expected reward");
        assertTrue(good.drDifferenceInterval()[0] > 0);

        PromotionGate.Verdict bad = gate.judge(held, new PromotionGate.Evaluated(Policy.greedy(prefersNone, 1, 0.1)),
                PromotionGate.Evaluated.coldStart(), rewardModel);
        assertFalse(bad.promote());
        assertEquals(5, bad.candidate().size(), "all five estimators reported");
    }

    /**
     * Uniform logs over {none, C1, C2}: none earns 1.0, C1 0.9, C2 0.0. A policy that always gives C1
     * beats the costly uniform cold start (0.63) by far, and still earns less than giving nothing.
     */
    @Test
    void judge_candidateBelowNeverGivingACoupon_isNotPromotedEvenIfItBeatsTheServingPolicy() {
        SplittableRandom rnd = new SplittableRandom(5);
        double[] mean = {1.0, 0.9, 0.0};
        List<DecisionRecord> held = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            int a = rnd.nextInt(3);
            List<Candidate> c = List.of(new Candidate("none", new double[]{1, 0, 0}, 0),
                    new Candidate("C1", new double[]{0, 1, 0}, 0.5),
                    new Candidate("C2", new double[]{0, 0, 1}, 1));
            held.add(new DecisionRecord("d" + i, "u" + i, i * 1000L, "enc", "cold-start", new double[]{1}, 10.0, c,
                    c.get(a).actionId(), 1 / 3.0, new double[]{1 / 3.0, 1 / 3.0, 1 / 3.0}, 1.0, 0, List.of(),
                    new DecisionRecord.Reward(mean[a] + rnd.nextGaussian() * 0.2, 0, i * 1000L, "p")));
        }
        PromotionGate.RewardModel rewardModel = d -> mean.clone();
        PromotionGate gate = new PromotionGate(new Bootstrap(200, 0.9, 3));
        PromotionGate.Verdict v = gate.judge(held, new PromotionGate.Evaluated(Policy.greedy(new QHead(3, 1, new double[]{0, 1, 0}), 1, 0.05)),
                PromotionGate.Evaluated.coldStart(), rewardModel);
        assertTrue(v.drDifferenceInterval()[0] > 0, "it does beat the serving policy");
        assertFalse(v.promote());
        assertTrue(v.reason().contains("below never giving a coupon"), v.reason());

        PromotionGate.Verdict none = gate.judge(held, new PromotionGate.Evaluated(Policy.greedy(new QHead(3, 1, new double[]{1, 0, 0}), 1, 0.05)),
                PromotionGate.Evaluated.coldStart(), rewardModel);
        assertTrue(none.promote(), "a policy that gives nothing but explores passes: " + none.reason());
    }

    @Test
    void judge_tooFewHeldOutDecisions_reportsButDoesNotPromote() {
        List<DecisionRecord> held = logs(2_000, 1);
        PromotionGate.RewardModel rewardModel = d -> new double[]{0, 1};
        PromotionGate.Evaluated better = new PromotionGate.Evaluated(Policy.greedy(new QHead(2, 1, new double[]{0, 1}), 1, 0.1));
        PromotionGate.Verdict few = new PromotionGate(new Bootstrap(200, 0.9, 3), 2_001)
                .judge(held, better, PromotionGate.Evaluated.coldStart(), rewardModel);
        assertFalse(few.promote());
        assertEquals("2000 held-out decisions; a promotion needs 2001", few.reason());
        assertEquals(5, few.candidate().size(), "the estimates are still reported");
        assertTrue(new PromotionGate(new Bootstrap(200, 0.9, 3), 2_000)
                .judge(held, better, PromotionGate.Evaluated.coldStart(), rewardModel).promote());
    }

    @Test
    void coldStart_isEvaluatedByTheProbabilitiesItLogged() {
        DecisionRecord d = logs(1, 9).get(0);
        DecisionRecord mostlyNone = new DecisionRecord(d.decisionId(), d.userId(), d.ts(), d.encoderVersion(), d.policyVersion(),
                d.state(), d.cartValue(), d.candidates(), d.chosen(), 0.85, new double[]{0.85, 0.15}, 0.3, 0, List.of(), d.reward());
        assertEquals(0.85, PromotionGate.Evaluated.coldStart().probabilities(mostlyNone)[0], 0);
        PromotionGate.Evaluated explores = new PromotionGate.Evaluated(Policy.greedy(new QHead(2, 1, new double[]{0, 1}), 1, 0.1));
        assertArrayEquals(new double[]{1, 0}, PromotionGate.Evaluated.never(explores).probabilities(mostlyNone), 1e-12);
        assertArrayEquals(new double[]{0, 1}, PromotionGate.Evaluated.greedy(explores).probabilities(mostlyNone), 1e-12,
                "its point estimate's choice, without exploration");
    }

    @Test
    void transitions_linkSameUserWithinHorizon_elseTerminal() {
        List<DecisionRecord> ds = logs(4, 2);   // users u0..u3: one decision each -> all terminal
        assertTrue(TransitionBuilder.build(ds, Duration.ofDays(1)).stream().allMatch(Transition::terminal));
        List<DecisionRecord> same = new ArrayList<>();
        for (DecisionRecord d : logs(3, 3)) {
            same.add(new DecisionRecord(d.decisionId(), "one", d.ts(), d.encoderVersion(), d.policyVersion(), d.state(),
                    d.cartValue(), d.candidates(), d.chosen(), d.propensity(), d.probabilities(), d.epsilon(), 0, List.of(), d.reward()));
        }
        List<Transition> ts = TransitionBuilder.build(same, Duration.ofSeconds(1));
        assertEquals(3, ts.size());
        assertFalse(ts.get(0).terminal());
        assertEquals(2, ts.get(0).nextCandidates().size());
        assertTrue(ts.get(2).terminal());
        assertTrue(TransitionBuilder.build(same, Duration.ofMillis(10)).stream().allMatch(Transition::terminal), "beyond horizon");
    }
}
