package io.couponflow.core.policy;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Two candidates: none (index 0) and a coupon; each draw gives both a Q. */
class PessimisticScoresTest {

    @Test
    void noDrawsOrNoPessimism_isThePointEstimate() {
        assertArrayEquals(new double[]{0.5, 2.5}, PessimisticScores.scores(new double[]{0.5, 2.5}, new double[0][], 1), 1e-12);
        assertArrayEquals(new double[]{0.5, 2.5},
                PessimisticScores.scores(new double[]{0.5, 2.5}, new double[][]{{0, 1}, {0, 3}}, 0), 1e-12);
    }

    @Test
    void couponScoreLosesKappaSampleStandardDeviationsOfItsUplift() {
        // the draws' uplifts are 1 and 3: mean 2, sample sd √2; their baselines differ and must not matter
        double[][] draws = {{5, 6}, {-2, 1}};
        double[] k1 = PessimisticScores.scores(new double[]{0, 2}, draws, 1);
        assertEquals(0, k1[0], 1e-12, "none keeps its Q");
        assertEquals(2 - Math.sqrt(2), k1[1], 1e-12);
        double[] k2 = PessimisticScores.scores(new double[]{0, 2}, draws, 2);
        assertEquals(2 - 2 * Math.sqrt(2), k2[1], 1e-12);
        assertEquals(0, ActionDistribution.epsilonGreedy(k1, 0).probability(0), 0, "κ = 1: the coupon still wins");
        assertEquals(1, ActionDistribution.epsilonGreedy(k2, 0).probability(0), 0, "κ = 2: too uncertain, none wins");
    }

    @Test
    void drawsThatAgree_costNothing() {
        double[][] same = {{1, 3}, {3, 5}, {0, 2}};
        assertArrayEquals(new double[]{0, 2}, PessimisticScores.scores(new double[]{0, 2}, same, 3), 1e-12);
    }
}
