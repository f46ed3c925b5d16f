package io.couponflow.core.learn;

import io.couponflow.core.policy.QHead;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BilinearRidgeTest {
    /** Two action rows (shared, coupon) over a state [x1, x2, 1]; x2 carries nothing. */
    private static List<BilinearRidge.Sample> samples(int n, double noise, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<BilinearRidge.Sample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double x1 = 10 + 5 * rnd.nextGaussian();   // far from mean 0 and sd 1: the scaling must be undone
            double x2 = rnd.nextGaussian() * 0.01;
            boolean coupon = rnd.nextBoolean();
            // y = 0.2 + 0.01·x1 + coupon · (0.3 − 0.02·x1)
            double y = 0.2 + 0.01 * x1 + (coupon ? 0.3 - 0.02 * x1 : 0) + noise * rnd.nextGaussian();
            out.add(new BilinearRidge.Sample(new double[]{1, coupon ? 1 : 0}, new double[]{x1, x2, 1}, y));
        }
        return out;
    }

    private static final int[] ROWS = {0, 1};
    private static final int[] ONE_BLOCK = {0, 0, 0};

    @Test
    void fit_noiselessData_recoversTheWeightsOnRawStates() {
        BilinearRidge.Fit fit = BilinearRidge.fit(samples(2_000, 0, 1), ROWS, ONE_BLOCK);
        QHead h = fit.mean();
        for (double x1 : new double[]{0, 10, 20}) {
            double[] z = {x1, 0, 1};
            assertEquals(0.2 + 0.01 * x1, h.q(new double[]{1, 0}, z), 1e-3, "none at x1 = " + x1);
            assertEquals(0.5 - 0.01 * x1, h.q(new double[]{1, 1}, z), 1e-3, "coupon at x1 = " + x1);
        }
    }

    @Test
    void fit_noisyData_evidenceChoosesPenaltiesAndTheNoise() {
        BilinearRidge.Fit fit = BilinearRidge.fit(samples(4_000, 0.3, 2), ROWS, new int[]{0, 1, 0});
        assertEquals(0.09, fit.noiseVariance(), 0.01, "σ² of the generating noise");
        assertEquals(4, fit.penalties().length, "(row, block) groups");
        // the block holding only the useless x2 is shrunk hardest, in both rows
        assertTrue(fit.penalties()[1] > fit.penalties()[0], java.util.Arrays.toString(fit.penalties()));
        assertTrue(fit.penalties()[3] > fit.penalties()[2], java.util.Arrays.toString(fit.penalties()));
        assertTrue(fit.effectiveParameters() > 3 && fit.effectiveParameters() < 6.5, "about x1, the intercepts and a little x2: "
                + fit.effectiveParameters());
        double uplift = fit.mean().q(new double[]{1, 1}, new double[]{10, 0, 1}) - fit.mean().q(new double[]{1, 0}, new double[]{10, 0, 1});
        assertEquals(0.3 - 0.2, uplift, 0.03);
    }

    /** Rows [1, coupon, kind B] over [x1, 1]: kind B's own offset over any coupon is {@code offset}. */
    private static List<BilinearRidge.Sample> kinds(int n, double offset, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<BilinearRidge.Sample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double x1 = rnd.nextGaussian();
            boolean coupon = rnd.nextBoolean();
            boolean kindB = coupon && rnd.nextBoolean();
            double y = 0.2 + 0.05 * x1 + (coupon ? 0.1 : 0) + (kindB ? offset : 0) + 0.3 * rnd.nextGaussian();
            out.add(new BilinearRidge.Sample(new double[]{1, coupon ? 1 : 0, kindB ? 1 : 0}, new double[]{x1, 1}, y));
        }
        return out;
    }

    @Test
    void fit_interceptOfARowAfterTheFreeOnes_isKeptOnlyWhereTheDataSupportIt() {
        int[] rows = {0, 1, 2};
        int[] block = {0, 0};
        BilinearRidge.Fit none = BilinearRidge.fit(kinds(4_000, 0, 5), rows, block, 2);
        assertEquals(4, none.penalties().length, "3 (row, block) groups, then kind B's intercept");
        assertTrue(none.penalties()[3] > 1e3, "no offset in the data: kind B's intercept is pruned " + java.util.Arrays.toString(none.penalties()));
        double[] z = {0, 1};
        assertEquals(0, none.mean().q(new double[]{1, 1, 1}, z) - none.mean().q(new double[]{1, 1, 0}, z), 0.01);

        BilinearRidge.Fit some = BilinearRidge.fit(kinds(4_000, 0.2, 6), rows, block, 2);
        assertTrue(some.penalties()[3] < 100, "a real offset keeps a mild penalty " + java.util.Arrays.toString(some.penalties()));
        assertEquals(0.2, some.mean().q(new double[]{1, 1, 1}, z) - some.mean().q(new double[]{1, 1, 0}, z), 0.04);
        // with every intercept free (the three-argument fit) the groups are only the (row, block) ones
        assertEquals(3, BilinearRidge.fit(kinds(500, 0.2, 7), rows, block).penalties().length);
    }

    @Test
    void fit_interceptOnlyRow_learnsItsOffsetButNoInteractionWithTheState() {
        // kind B's offset over any coupon is 0.2 + 0.1·x1: an interaction the free fit finds
        SplittableRandom rnd = new SplittableRandom(8);
        List<BilinearRidge.Sample> data = new ArrayList<>();
        for (int i = 0; i < 4_000; i++) {
            double x1 = rnd.nextGaussian();
            boolean coupon = rnd.nextBoolean();
            boolean kindB = coupon && rnd.nextBoolean();
            double y = 0.2 + 0.05 * x1 + (coupon ? 0.1 : 0) + (kindB ? 0.2 + 0.1 * x1 : 0) + 0.3 * rnd.nextGaussian();
            data.add(new BilinearRidge.Sample(new double[]{1, coupon ? 1 : 0, kindB ? 1 : 0}, new double[]{x1, 1}, y));
        }
        int[] rows = {0, 1, 2};
        int[] block = {0, 0};
        double[] kindB = {0, 0, 1};
        BilinearRidge.Fit free = BilinearRidge.fit(data, rows, block, 2);
        assertEquals(0.1, free.mean().q(kindB, new double[]{1, 0}), 0.03, "kind B's slope on x1, fitted freely");

        BilinearRidge.Fit held = BilinearRidge.fit(data, rows, block, 2, new boolean[]{false, false, true});

        assertEquals(BilinearRidge.MAX_PENALTY, held.penalties()[2], 0, "kind B's (row, block) group is held, not chosen");
        assertEquals(0, held.mean().q(kindB, new double[]{1, 0}), 1e-3, "no weight on x1 in kind B's row");
        assertEquals(0.2, held.mean().q(kindB, new double[]{0, 1}), 0.04, "its intercept is still fitted");
        // what B does on average over x1 still shows: the any-coupon row takes the slope B's row may not have
        double[] z = {1, 1};
        double slopeOfB = held.mean().q(new double[]{1, 1, 1}, z) - held.mean().q(new double[]{1, 1, 1}, new double[]{0, 1})
                - (held.mean().q(new double[]{1, 0, 0}, z) - held.mean().q(new double[]{1, 0, 0}, new double[]{0, 1}));
        assertEquals(0.05, slopeOfB, 0.03, "coupons' slope is shared: half of them are B (0.1 / 2)");
        assertThrows(IllegalArgumentException.class, () -> BilinearRidge.fit(data, rows, block, 2, new boolean[2]));
    }

    @Test
    void draws_spreadLikeThePosteriorAndScaleWithTheFactor() {
        BilinearRidge.Fit fit = BilinearRidge.fit(samples(1_000, 0.3, 3), ROWS, ONE_BLOCK);
        double[] z = {10, 0, 1};
        double[] couponRow = {0, 1};
        double[] sd = new double[2];
        double[] scales = {1, 0.25};
        for (int s = 0; s < 2; s++) {
            List<QHead> draws = fit.draws(400, scales[s], new SplittableRandom(9));
            double mean = draws.stream().mapToDouble(h -> h.q(couponRow, z)).average().orElseThrow();
            double var = draws.stream().mapToDouble(h -> Math.pow(h.q(couponRow, z) - mean, 2)).sum() / (draws.size() - 1);
            sd[s] = Math.sqrt(var);
            assertEquals(fit.mean().q(couponRow, z), mean, 4 * sd[s] / Math.sqrt(draws.size()), "draws centre on the mean");
        }
        // the coupon effect at x1 = 10 is a difference of two means of ~500 samples each with noise 0.3
        assertEquals(0.3 * Math.sqrt(2.0 / 500), sd[0], 0.008);
        assertEquals(0.25, sd[1] / sd[0], 0.02);
    }

    @Test
    void refit_sameDesignNewTargets_isOneSolve() {
        List<BilinearRidge.Sample> s = samples(500, 0.1, 4);
        BilinearRidge.Fit fit = BilinearRidge.fit(s, ROWS, ONE_BLOCK);
        List<BilinearRidge.Sample> doubled = s.stream().map(x -> new BilinearRidge.Sample(x.phi(), x.state(), 2 * x.target())).toList();
        BilinearRidge.Fit again = fit.refit(doubled);
        double[] z = {12, 0, 1};
        assertEquals(2 * fit.mean().q(new double[]{1, 1}, z), again.mean().q(new double[]{1, 1}, z), 1e-9, "linear in y");
    }
}
