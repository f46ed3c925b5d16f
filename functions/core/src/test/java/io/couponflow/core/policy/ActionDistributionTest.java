package io.couponflow.core.policy;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ActionDistributionTest {

    @Test
    void epsilonGreedy_sumsToOneAndFavoursTheBest() {
        ActionDistribution d = ActionDistribution.epsilonGreedy(new double[]{1, 3, 2}, 0.3);
        assertArrayEquals(new double[]{0.1, 0.8, 0.1}, d.probabilities(), 1e-12);
        assertEquals(1, d.greedy());
    }

    @Test
    void epsilonGreedy_tiesGoToTheLowestIndex() {
        assertArrayEquals(new double[]{1, 0, 0}, ActionDistribution.epsilonGreedy(new double[]{2, 2, 2}, 0).probabilities(), 0);
    }

    @Test
    void thompson_eachDrawsBestActionGetsItsShare_plusEpsilonSpread() {
        // three draws: two prefer action 2, one prefers action 0; ε = 0.3 over 3 actions
        double[][] draws = {{0, 1, 5}, {3, 1, 2}, {0, 0, 1}};
        ActionDistribution d = ActionDistribution.thompson(draws, 0.3, 1);
        assertArrayEquals(new double[]{0.1 + 0.7 / 3, 0.1, 0.1 + 1.4 / 3}, d.probabilities(), 1e-12);
        assertEquals(1, d.greedy(), "the point estimate's choice is reported as given");
    }

    @Test
    void thompson_drawsThatAgree_actGreedily() {
        double[][] draws = {{0, 2}, {1, 4}, {-1, 0}};
        assertArrayEquals(new double[]{0, 1}, ActionDistribution.thompson(draws, 0, 1).probabilities(), 0);
    }

    @Test
    void thompsonPolicy_drawingAHeadThenActingGreedily_matchesTheDistribution() {
        // conversion heads over z = [1], φ(none) = [1, 0], φ(coupon) = [1, 1]; v = 1, cart 10, coupon cost 2:
        // Q(none) = p0 · 10, Q(coupon) = (p0 + b) · 8; the coupon wins when b > p0 / 4
        List<QHead> draws = List.of(new QHead(2, 1, new double[]{0.4, 0.2}), new QHead(2, 1, new double[]{0.4, 0.05}),
                new QHead(2, 1, new double[]{0.2, 0.3}), new QHead(2, 1, new double[]{0.5, -0.1}));
        Policy p = new Policy(new QHead(2, 1, new double[]{0.4, 0.1}), draws, null, 1, 0, 0.1, Policy.Exploration.THOMPSON);
        List<Candidate> cs = List.of(new Candidate("none", new double[]{1, 0}, 0), new Candidate("C", new double[]{1, 1}, 2));
        double[] z = {1};
        ActionDistribution d = p.distribution(cs, z, 10, new double[2]);
        assertEquals(0.05 + 0.9 * 0.5, d.probability(1), 1e-12, "two of four draws prefer the coupon");
        assertEquals(0, d.greedy(), "the point estimate prefers none: (0.4 + 0.1) · 8 < 0.4 · 10");
        // the claim "pick a draw uniformly, act greedily on it, ε spread uniformly": simulate exactly that
        SplittableRandom rnd = new SplittableRandom(1);
        int n = 200_000;
        int coupon = 0;
        for (int i = 0; i < n; i++) {
            if (rnd.nextDouble() < 0.1) {
                coupon += rnd.nextInt(2);
            } else {
                QHead m = draws.get(rnd.nextInt(draws.size()));
                double q0 = m.q(cs.get(0).phi(), z) * 10;
                double q1 = m.q(cs.get(1).phi(), z) * 8;
                coupon += q1 > q0 ? 1 : 0;
            }
        }
        assertEquals(d.probability(1), coupon / (double) n, 0.005);
    }

    @Test
    void spreadOverCoupons_keepsNoneAndSpreadsAShareOfTheCouponsEvenly() {
        ActionDistribution d = new ActionDistribution(new double[]{0.5, 0.4, 0.1, 0}, 2);

        ActionDistribution spread = d.spreadOverCoupons(0.2);

        // the coupons' 0.5: each keeps 80% of its own and gets 0.2 · 0.5 / 3
        double even = 0.2 * 0.5 / 3;
        assertArrayEquals(new double[]{0.5, 0.32 + even, 0.08 + even, even}, spread.probabilities(), 1e-12);
        assertEquals(1, Arrays.stream(spread.probabilities()).sum(), 1e-12);
        assertEquals(2, spread.greedy(), "the point estimate's choice is unchanged");
        assertSame(d, d.spreadOverCoupons(0));
        double[] noCoupon = {1, 0, 0};
        assertArrayEquals(noCoupon, new ActionDistribution(noCoupon, 0).spreadOverCoupons(0.2).probabilities(), 0,
                "a decision without coupons stays without");
        double[] one = {0.3, 0.7};
        assertArrayEquals(one, new ActionDistribution(one, 1).spreadOverCoupons(0.2).probabilities(), 0,
                "one coupon: nothing to spread over");
        assertThrows(IllegalArgumentException.class, () -> d.spreadOverCoupons(1.5));
    }

    @Test
    void thompsonPolicy_withACouponSpread_logsTheSpreadProbabilities() {
        // two coupons; Q(none) = 0.4 · 10, Q(A) = (0.4 + b_A) · 8, Q(B) = (0.4 + b_B) · 9 (v = 1, cart 10)
        List<QHead> draws = List.of(new QHead(3, 1, new double[]{0.4, 0.2, 0.0}), new QHead(3, 1, new double[]{0.4, 0.0, 0.0}));
        QHead mean = new QHead(3, 1, new double[]{0.4, 0.1, 0.0});
        List<Candidate> cs = List.of(new Candidate("none", new double[]{1, 0, 0}, 0),
                new Candidate("A", new double[]{1, 1, 0}, 2), new Candidate("B", new double[]{1, 0, 1}, 1));
        double[] z = {1};
        Policy plain = new Policy(mean, draws, null, 1, 0, 0, Policy.Exploration.THOMPSON);
        Policy spread = new Policy(mean, draws, null, 1, 0, 0, Policy.Exploration.THOMPSON, 0.5);

        // draw 1: A (0.6 · 8 = 4.8 against 4 and 3.6); draw 2: none (4 against 3.2 and 3.6)
        assertArrayEquals(new double[]{0.5, 0.5, 0}, plain.distribution(cs, z, 10, new double[3]).probabilities(), 1e-12);
        assertArrayEquals(new double[]{0.5, 0.375, 0.125}, spread.distribution(cs, z, 10, new double[3]).probabilities(),
                1e-12, "half of A's 0.5 spread over A and B");
        assertEquals(0.5, spread.withEpsilon(0).couponSpread(), 0, "the spread stays with the policy");
        assertEquals(0.5, spread.withContinuation(null).couponSpread(), 0);
    }

    @Test
    void draw_empiricalFrequenciesMatchTheProbabilities() {
        SplittableRandom rnd = new SplittableRandom(5);
        ActionDistribution d = ActionDistribution.epsilonGreedy(new double[]{0.5, -1, 2, 0}, 0.2);
        int[] counts = new int[4];
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            counts[d.draw(rnd)]++;
        }
        for (int a = 0; a < 4; a++) {
            assertEquals(d.probability(a), counts[a] / (double) n, 0.005, "action " + a);
        }
    }

    @Test
    void badEpsilonOrNoAction_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> ActionDistribution.epsilonGreedy(new double[]{1}, 1.5));
        assertThrows(IllegalArgumentException.class, () -> ActionDistribution.epsilonGreedy(new double[]{1}, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> ActionDistribution.epsilonGreedy(new double[0], 0.1));
    }
}
