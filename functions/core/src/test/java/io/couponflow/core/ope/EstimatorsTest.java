package io.couponflow.core.ope;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EstimatorsTest {
    /** Three rounds worked by hand (see the values in each test). */
    private static final List<LoggedRound> LOG = List.of(
            new LoggedRound(1, 0.5, 0, new double[]{0.8, 0.2}, new double[]{0.6, 0.3}),
            new LoggedRound(0, 0.25, 1, new double[]{0.5, 0.5}, new double[]{0.4, 0.2}),
            new LoggedRound(2, 0.5, 1, new double[]{0.0, 1.0}, new double[]{1.0, 1.5}));

    @Test
    void ips_handComputed() {
        // weights 1.6, 2, 2: (1.6 + 0 + 4) / 3
        assertEquals(5.6 / 3, new InverseProbabilityWeighting().value(LOG), 1e-12);
    }

    @Test
    void snips_handComputed() {
        assertEquals(5.6 / 5.6, new SelfNormalizedIpw().value(LOG), 1e-12);
    }

    @Test
    void dm_handComputed() {
        // 0.8*0.6 + 0.2*0.3 = 0.54; 0.3; 1.5
        assertEquals(2.34 / 3, new DirectMethod().value(LOG), 1e-12);
    }

    @Test
    void dr_handComputed() {
        // 0.54 + 1.6*0.4 = 1.18; 0.3 + 2*(-0.2) = -0.1; 1.5 + 2*0.5 = 2.5
        assertEquals(3.58 / 3, new DoublyRobust().value(LOG), 1e-12);
    }

    @Test
    void sndr_handComputed() {
        assertEquals(0.78 + 1.24 / 5.6, new SelfNormalizedDoublyRobust().value(LOG), 1e-12);
    }

    @Test
    void onPolicy_allEstimatorsWithAPerfectModelAgreeWithTheTruth() {
        // target == logging policy and rewardHat exact: every estimator recovers the mean reward
        SplittableRandom rnd = new SplittableRandom(1);
        List<LoggedRound> rounds = new ArrayList<>();
        double[] mean = {0.2, 0.7, 0.4};
        double[] p = {0.5, 0.3, 0.2};
        for (int i = 0; i < 20_000; i++) {
            double u = rnd.nextDouble();
            int a = u < 0.5 ? 0 : u < 0.8 ? 1 : 2;
            rounds.add(new LoggedRound(rnd.nextDouble() < mean[a] ? 1 : 0, p[a], a, p, mean));
        }
        double truth = 0.5 * 0.2 + 0.3 * 0.7 + 0.2 * 0.4;
        for (OffPolicyEstimator e : Estimators.all()) {
            assertEquals(truth, e.value(rounds), 0.02, e.id());
        }
    }

    @Test
    void snips_staysWithinTheRewardRange() {
        SplittableRandom rnd = new SplittableRandom(2);
        for (int trial = 0; trial < 200; trial++) {
            List<LoggedRound> rounds = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                double p0 = 0.01 + 0.99 * rnd.nextDouble();
                double t = rnd.nextDouble();
                rounds.add(new LoggedRound(rnd.nextDouble() * 10 - 5, p0, 0, new double[]{t, 1 - t}, new double[]{0, 0}));
            }
            double v = new SelfNormalizedIpw().value(rounds);
            assertTrue(v >= -5 && v <= 5, "SNIPS " + v);
        }
    }

    @Test
    void bootstrap_intervalContainsTheEstimateAndIsReproducible() {
        Bootstrap b = new Bootstrap(200, 0.9, 42);
        Estimate e = b.estimate(new InverseProbabilityWeighting(), LOG);
        assertTrue(e.lower() <= e.upper());
        assertEquals(3, e.rounds());
        assertEquals(0.9, e.confidence());
        assertEquals(e, new Bootstrap(200, 0.9, 42).estimate(new InverseProbabilityWeighting(), LOG));
    }

    /**
     * States whose values vary (σ = 1), 600 logged rounds, a next day of 150: the bootstrap interval is
     * about the population mean and covers one day's mean on about half the days; the day interval
     * (√(se² + σ²/150)) on about 90%.
     */
    @Test
    void dayInterval_coversOneDaysMean_whereTheConfidenceIntervalDoesNot() {
        SplittableRandom rnd = new SplittableRandom(3);
        Bootstrap b = new Bootstrap(200, 0.9, 5);
        int trials = 300;
        int dayCovered = 0;
        int meanCovered = 0;
        for (int t = 0; t < trials; t++) {
            List<LoggedRound> rounds = new ArrayList<>();
            double[] values = new double[600];
            for (int i = 0; i < 600; i++) {
                values[i] = 2 + rnd.nextGaussian();
                rounds.add(new LoggedRound(values[i], 1, 0, new double[]{1, 0}, new double[]{values[i], 0}));
            }
            double spread = 0;
            for (double v : values) {
                spread += (v - 2) * (v - 2) / values.length;
            }
            Estimate e = b.withSeed(t).estimate(new DoublyRobust(), rounds).forDay(spread, 150);
            double tomorrow = 0;
            for (int i = 0; i < 150; i++) {
                tomorrow += (2 + rnd.nextGaussian()) / 150;
            }
            assertTrue(e.dayLower() < e.lower() && e.upper() < e.dayUpper());
            dayCovered += e.dayLower() <= tomorrow && tomorrow <= e.dayUpper() ? 1 : 0;
            meanCovered += e.lower() <= tomorrow && tomorrow <= e.upper() ? 1 : 0;
        }
        assertTrue(dayCovered >= 0.84 * trials && dayCovered <= 0.96 * trials, "day interval covered " + dayCovered);
        assertTrue(meanCovered < 0.7 * trials, "confidence interval covered " + meanCovered);
    }

    @Test
    void dayInterval_withoutADay_isTheConfidenceInterval() {
        Estimate e = new Bootstrap(200, 0.9, 42).estimate(new DoublyRobust(), LOG);
        assertEquals(e.lower(), e.dayLower());
        assertEquals(e.upper(), e.dayUpper());
        assertEquals(e, e.forDay(1, 0));
        assertTrue(e.standardError() > 0);
    }

    @Test
    void badRounds_areRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LoggedRound(1, 0, 0, new double[]{1}, null));
        assertThrows(IllegalArgumentException.class, () -> new LoggedRound(1, 0.5, 2, new double[]{1, 0}, null));
        assertThrows(IllegalArgumentException.class, () -> new LoggedRound(Double.NaN, 0.5, 0, new double[]{1}, null));
        assertThrows(IllegalArgumentException.class, () -> new Bootstrap(200, 0.9, 1).estimate(new DirectMethod(), List.of()));
    }
}
