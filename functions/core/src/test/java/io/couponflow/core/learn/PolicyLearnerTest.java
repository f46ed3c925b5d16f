package io.couponflow.core.learn;

import io.couponflow.core.policy.Candidate;
import io.couponflow.core.policy.Policy;
import io.couponflow.core.policy.PolicyFeatures;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A two-state shop: in state 0 a sale is even odds with or without the coupon (cost 2), but the coupon
 * moves the shopper to state 1, where a sale is near certain (0.9) whatever is done, and the next
 * visit goes back to state 0. Cart 10, margin 1 (a sale is worth 10 less the coupon). z = [s0, s1, 1].
 */
class PolicyLearnerTest {
    private static final List<Candidate> ACTIONS = List.of(new Candidate("none", new double[]{1, 0}, 0),
            new Candidate("C", new double[]{1, 1}, 2));
    private static final double[] SALE = {0.5, 0.9};

    private static double[] state(int s) {
        return s == 0 ? new double[]{1, 0, 1} : new double[]{0, 1, 1};
    }

    private static int next(int s, int a) {
        return s == 0 && a == 1 ? 1 : 0;
    }

    /** Q* by value iteration on the expected rewards. */
    private static double[][] qStar(double gamma) {
        double[][] q = new double[2][2];
        for (int it = 0; it < 500; it++) {
            double[][] n = new double[2][2];
            for (int s = 0; s < 2; s++) {
                for (int a = 0; a < 2; a++) {
                    int t = next(s, a);
                    n[s][a] = SALE[s] * (10 - ACTIONS.get(a).cost()) + gamma * Math.max(q[t][0], q[t][1]);
                }
            }
            q = n;
        }
        return q;
    }

    /** A uniform behaviour policy's transitions, each linked to the next visit. */
    private static List<Transition> logs(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Transition> out = new ArrayList<>();
        int s = 0;
        for (int i = 0; i < n; i++) {
            int a = rnd.nextInt(2);
            boolean bought = rnd.nextDouble() < SALE[s];
            int t = next(s, a);
            out.add(new Transition(state(s), ACTIONS, ACTIONS.get(a), 10, bought ? 10 - ACTIONS.get(a).cost() : 0, bought,
                    state(t), ACTIONS, 10, i));
            s = t;
        }
        return out;
    }

    private static PolicyLearner learner(double gamma) {
        return new PolicyLearner(new PolicyLearner.Settings(gamma, 8, 1, 200, 1e-7, 0, Policy.Exploration.THOMPSON, 0, 5,
                PolicyLearner.LockInGuard.OFF));
    }

    @Test
    void valuePerCart_isTheMarginOfTheSalesBeforeCoupons() {
        List<Transition> ts = logs(2_000, 1);
        assertEquals(1.0, PolicyLearner.valuePerCart(ts), 1e-12);
        assertTrue(Double.isNaN(PolicyLearner.valuePerCart(List.of(new Transition(state(0), ACTIONS, ACTIONS.get(0), 10, 0, false,
                null, null, 0, 0)))), "no sale: nothing to learn it from");
    }

    @Test
    void learn_noSale_learnsNothing() {
        PolicyLearner.Result r = learner(0).learn(List.of(new Transition(state(0), ACTIONS, ACTIONS.get(0), 10, 0, false, null, null, 0, 0)),
                () -> false);
        assertNull(r.policy());
    }

    @Test
    void learn_bandit_valuesTheSaleNotTheFuture() {
        Policy p = learner(0).learn(logs(20_000, 2), () -> false).policy();
        double[] q0 = p.q(ACTIONS, state(0), 10);
        assertEquals(5, q0[0], 0.2, "0.5 × 10");
        assertEquals(4, q0[1], 0.2, "0.5 × (10 − 2): myopically the coupon only costs");
        assertNull(p.continuation());
    }

    @Test
    void learn_withGamma_recoversQStarAndPrefersTheCouponThatPaysLater() {
        double gamma = 0.5;
        double[][] star = qStar(gamma);
        PolicyLearner.Result r = learner(gamma).learn(logs(20_000, 3), () -> false);
        assertEquals("converged", r.stoppedBy());
        for (int s = 0; s < 2; s++) {
            double[] q = r.policy().q(ACTIONS, state(s), 10);
            for (int a = 0; a < 2; a++) {
                assertEquals(star[s][a], q[a], 0.25, "Q(s" + s + ", a" + a + ")");
            }
        }
        assertTrue(star[0][1] > star[0][0], "the coupon pays through the next visit");
        assertEquals(1, r.policy().distribution(ACTIONS, state(0), 10, new double[2]).greedy());
    }

    @Test
    void learn_sameDataSameSeed_samePolicy() {
        List<Transition> ts = logs(3_000, 4);
        Policy a = learner(0.5).learn(ts, () -> false).policy();
        Policy b = learner(0.5).learn(ts, () -> false).policy();
        assertEquals(a.conversion(), b.conversion());
        assertEquals(a.continuation(), b.continuation());
        assertEquals(a.draws(), b.draws());
    }

    @Test
    void learn_outOfTime_stopsIteratingAndStillReturnsAPolicy() {
        PolicyLearner.Result r = learner(0.5).learn(logs(2_000, 5), () -> true);
        assertEquals("deadline", r.stoppedBy());
        assertTrue(r.policy().continuation() != null);
    }

    private static PolicyLearner guarded(double gamma, double share, double epsilon) {
        return new PolicyLearner(new PolicyLearner.Settings(gamma, 8, 1, 200, 1e-7, 0, Policy.Exploration.THOMPSON, 0, 5,
                new PolicyLearner.LockInGuard(share, epsilon)));
    }

    @Test
    void lockInGuard_aPolicyThatGivesNoCoupons_isServedWithTheGuardsEpsilon() {
        List<Transition> ts = logs(20_000, 2);
        PolicyLearner.Result off = learner(0).learn(ts, () -> false);
        PolicyLearner.Result on = guarded(0, 0.03, 0.05).learn(ts, () -> false);
        assertTrue(off.couponShare() < 0.03, "myopically the coupon only costs: " + off.couponShare());
        assertFalse(off.lockInGuarded());
        assertEquals(0, off.policy().epsilon());
        assertTrue(on.lockInGuarded());
        assertEquals(off.couponShare(), on.couponShare(), 0, "the share is the learnt policy's, before the guard");
        assertEquals(0.05, on.policy().epsilon());
        assertEquals(off.policy().conversion(), on.policy().conversion(), "the guard changes ε, not what was learnt");
        assertEquals(off.policy().draws(), on.policy().draws());
        // ε = 0.05 over two actions: the coupon gets at least 0.025 of every decision
        assertTrue(on.policy().distribution(ACTIONS, state(0), 10, new double[2]).probability(1) >= 0.025);
    }

    @Test
    void lockInGuard_aPolicyThatCoupons_isLeftAlone() {
        // with γ = 0.5 the coupon pays through the next visit: every state-0 decision gets it
        PolicyLearner.Result r = guarded(0.5, 0.03, 0.05).learn(logs(20_000, 3), () -> false);
        assertTrue(r.couponShare() > 0.3, "share " + r.couponShare());
        assertFalse(r.lockInGuarded());
        assertEquals(0, r.policy().epsilon());
    }

    @Test
    void lockInGuard_neverLowersEpsilonNorCountsDecisionsWithoutAnEligibleCoupon() {
        List<Transition> ts = logs(20_000, 2);
        PolicyLearner higher = new PolicyLearner(new PolicyLearner.Settings(0, 8, 1, 200, 1e-7, 0.1,
                Policy.Exploration.THOMPSON, 0, 5, new PolicyLearner.LockInGuard(0.5, 0.05)));
        PolicyLearner.Result r = higher.learn(ts, () -> false);
        assertFalse(r.lockInGuarded(), "the settings' ε 0.1 is already above the guard's 0.05");
        assertEquals(0.1, r.policy().epsilon());

        // decisions where only "none" was eligible say nothing about whether the policy still coupons
        List<Transition> mixed = new ArrayList<>();
        for (Transition t : logs(4_000, 6)) {
            mixed.add(t);
            mixed.add(new Transition(t.state(), ACTIONS.subList(0, 1), ACTIONS.get(0), t.cart(), 0, false, null, null,
                    0, t.ts()));
        }
        Policy p = guarded(0.5, 0, 0).learn(mixed, () -> false).policy();
        double eligible = PolicyLearner.couponShare(p, mixed.stream().filter(t -> t.candidates().size() > 1).toList());
        assertEquals(eligible, PolicyLearner.couponShare(p, mixed), 1e-12);
        assertEquals(0, PolicyLearner.couponShare(p, mixed.stream().filter(t -> t.candidates().size() == 1).toList()));
    }

    @Test
    void couponShare_onALargeLog_isMeasuredOnAnEvenSampleAndStaysCloseToTheFullMean() {
        List<Transition> ts = logs(3 * PolicyLearner.SHARE_SAMPLE + 7, 7);
        Policy p = guarded(0.5, 0, 0).learn(ts, () -> false).policy();
        double full = 0;
        for (Transition t : ts) {
            full += 1 - p.distribution(t.candidates(), t.state(), t.cart(), new double[2]).probability(0);
        }
        full /= ts.size();
        assertTrue(full > 0.2 && full < 0.8, "a policy that coupons in one state of two: " + full);
        assertEquals(full, PolicyLearner.couponShare(p, ts), 0.01);
    }

    @Test
    void lockInGuard_rejectsSharesAndEpsilonsOutsideZeroToOne() {
        assertThrows(IllegalArgumentException.class, () -> new PolicyLearner.LockInGuard(-0.1, 0.05));
        assertThrows(IllegalArgumentException.class, () -> new PolicyLearner.LockInGuard(0.03, 1.5));
        assertThrows(IllegalArgumentException.class, () -> new PolicyLearner.LockInGuard(Double.NaN, 0.05));
        assertThrows(IllegalArgumentException.class, () -> new PolicyLearner.Settings(0, 8, 1, 200, 1e-7, 0,
                Policy.Exploration.THOMPSON, 0, 5, null));
    }

    /** φ of the head's layout (PolicyFeatures): [1, coupon, fixed, percent, free shipping, depth, cost / 50, category]. */
    private static double[] phi(int kind, double depth, double cost) {
        double[] phi = new double[PolicyFeatures.ACTION_DIM];
        phi[0] = 1;
        if (kind >= 0) {
            phi[1] = 1;
            phi[2 + kind] = 1;
            phi[5] = depth;
            phi[6] = cost / 50;
        }
        return phi;
    }

    @Test
    void learn_headOfTheFullLayout_kindRowsCarryNoStateAndDepthTellsTheCouponsApart() {
        // cart 50: 5 off (fixed, depth 0.1) and 20% off (percent, depth 0.2); z = [x, 1]. A shopper with x = 1
        // buys 10% of the time plus 1.5 × the coupon's depth; one with x = 0 buys 40% of the time, coupon or not
        List<Candidate> cs = List.of(new Candidate("none", phi(-1, 0, 0), 0), new Candidate("F5", phi(0, 0.1, 5), 5),
                new Candidate("P20", phi(1, 0.2, 10), 10));
        SplittableRandom rnd = new SplittableRandom(11);
        List<Transition> ts = new ArrayList<>();
        for (int i = 0; i < 6_000; i++) {
            int x = rnd.nextInt(2);
            Candidate c = cs.get(rnd.nextInt(3));
            double p = x == 1 ? 0.1 + 1.5 * c.phi()[5] : 0.4;
            boolean bought = rnd.nextDouble() < p;
            ts.add(new Transition(new double[]{x, 1}, cs, c, 50, bought ? 15 - c.cost() : 0, bought, null, null, 0, i));
        }
        PolicyLearner.Settings d = PolicyLearner.Settings.defaults();
        Policy p = new PolicyLearner(d).learn(ts, () -> false).policy();

        assertEquals(0, p.couponSpread(), 0, "learnt from more than the early decisions: no spread");
        Policy young = new PolicyLearner(d).learn(ts.subList(0, d.early().decisions() - 1), () -> false).policy();
        assertEquals(d.early().couponSpread(), young.couponSpread(), 0, "learnt from fewer: the early spread");
        double[] w = p.conversion().weights();
        for (int row = 2; row <= 4; row++) {
            assertEquals(0, w[row * 2], 1e-3, "kind row " + row + " has no weight on x");
        }
        double[] responds = {1, 1};
        double upliftF5 = p.conversion().q(cs.get(1).phi(), responds) - p.conversion().q(cs.get(0).phi(), responds);
        double upliftP20 = p.conversion().q(cs.get(2).phi(), responds) - p.conversion().q(cs.get(0).phi(), responds);
        assertEquals(0.15, upliftF5, 0.05, "1.5 × 0.1");
        assertEquals(0.30, upliftP20, 0.05, "1.5 × 0.2");
        double[] none = {0, 1};
        assertEquals(0, p.conversion().q(cs.get(2).phi(), none) - p.conversion().q(cs.get(0).phi(), none), 0.05);
    }

    private static PolicyLearner earlyGuarded(int decisions) {
        return new PolicyLearner(new PolicyLearner.Settings(0, 8, 1, 200, 1e-7, 0, Policy.Exploration.THOMPSON, 0, 5,
                new PolicyLearner.LockInGuard(0.03, 0.05), new PolicyLearner.EarlyExploration(decisions, 0.2, 0.3)));
    }

    @Test
    void lockInGuard_aPolicyLearntFromFewerThanTheEarlyDecisions_isServedWithTheEarlyEpsilon() {
        List<Transition> ts = logs(20_000, 2);
        PolicyLearner.Result early = earlyGuarded(20_001).learn(ts, () -> false);
        PolicyLearner.Result later = earlyGuarded(20_000).learn(ts, () -> false);
        assertTrue(early.lockInGuarded());
        assertEquals(0.3, early.policy().epsilon(), "too early to settle on no coupons: the cold start's exploration");
        assertTrue(later.lockInGuarded());
        assertEquals(0.05, later.policy().epsilon(), "from the early decisions on, the guard's own");
        assertEquals(later.policy().conversion(), early.policy().conversion(), "only ε differs");
        // the guard's share threshold still decides whether it acts at all
        PolicyLearner.Result coupons = new PolicyLearner(new PolicyLearner.Settings(0.5, 8, 1, 200, 1e-7, 0,
                Policy.Exploration.THOMPSON, 0, 5, new PolicyLearner.LockInGuard(0.03, 0.05),
                new PolicyLearner.EarlyExploration(30_000, 0.2, 0.3))).learn(logs(20_000, 3), () -> false);
        assertFalse(coupons.lockInGuarded());
        assertEquals(0, coupons.policy().epsilon());
    }

    @Test
    void earlyExploration_rejectsNegativeDecisionsAndSharesOutsideZeroToOne() {
        assertThrows(IllegalArgumentException.class, () -> new PolicyLearner.EarlyExploration(-1, 0.2, 0.3));
        assertThrows(IllegalArgumentException.class, () -> new PolicyLearner.EarlyExploration(1_500, 1.2, 0.3));
        assertThrows(IllegalArgumentException.class, () -> new PolicyLearner.EarlyExploration(1_500, 0.2, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new PolicyLearner.Settings(0, 8, 1, 200, 1e-7, 0,
                Policy.Exploration.THOMPSON, 0, 5, PolicyLearner.LockInGuard.OFF, null));
        assertTrue(new PolicyLearner.EarlyExploration(1_500, 0.2, 0.3).appliesTo(1_499));
        assertFalse(new PolicyLearner.EarlyExploration(1_500, 0.2, 0.3).appliesTo(1_500));
        assertFalse(PolicyLearner.EarlyExploration.OFF.appliesTo(0));
    }
}
