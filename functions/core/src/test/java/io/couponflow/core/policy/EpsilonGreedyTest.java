package io.couponflow.core.policy;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EpsilonGreedyTest {

    @Test
    void probabilities_sumToOneAndFavourTheBest() {
        double[] p = EpsilonGreedy.probabilities(new double[]{1, 3, 2}, 0.3);
        assertArrayEquals(new double[]{0.1, 0.8, 0.1}, p, 1e-12);
    }

    @Test
    void probabilities_tiesGoToTheLowestIndex() {
        assertArrayEquals(new double[]{1, 0, 0}, EpsilonGreedy.probabilities(new double[]{2, 2, 2}, 0), 0);
    }

    @Test
    void choose_empiricalFrequenciesMatchLoggedPropensities() {
        SplittableRandom rnd = new SplittableRandom(5);
        double[] scores = {0.5, -1, 2, 0};
        int[] counts = new int[4];
        double[] propensity = new double[4];
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            EpsilonGreedy.Choice c = EpsilonGreedy.choose(scores, 0.2, rnd);
            counts[c.index()]++;
            propensity[c.index()] = c.propensity();
        }
        for (int a = 0; a < 4; a++) {
            assertEquals(propensity[a], counts[a] / (double) n, 0.005, "action " + a);
        }
    }

    @Test
    void badEpsilonOrNoAction_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> EpsilonGreedy.probabilities(new double[]{1}, 1.5));
        assertThrows(IllegalArgumentException.class, () -> EpsilonGreedy.probabilities(new double[]{1}, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> EpsilonGreedy.choose(new double[0], 0.1, new SplittableRandom()));
    }
}
