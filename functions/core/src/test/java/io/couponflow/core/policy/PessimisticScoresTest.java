package io.couponflow.core.policy;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** State z = [1]; φ(none) = [1, 0], φ(coupon) = [1, 1]: a head's weights are [baseline, uplift]. */
class PessimisticScoresTest {
    private static final double[] Z = {1};
    private static final List<double[]> PHIS = List.of(new double[]{1, 0}, new double[]{1, 1});

    private static QHead head(double baseline, double uplift) {
        return new QHead(2, 1, new double[]{baseline, uplift});
    }

    @Test
    void noMembersOrNoPessimism_isThePointHeadsQ() {
        assertArrayEquals(new double[]{0.5, 2.5}, PessimisticScores.scores(head(0.5, 2), List.of(), 1, PHIS, Z), 1e-12);
        assertArrayEquals(new double[]{0.5, 2.5},
                PessimisticScores.scores(head(0.5, 2), List.of(head(0, 1), head(0, 3)), 0, PHIS, Z), 1e-12);
    }

    @Test
    void couponScoreLosesKappaSampleStandardDeviationsOfItsUplift() {
        // members' uplifts 1 and 3: mean 2, sample sd √2; their baselines differ and must not matter
        List<QHead> members = List.of(head(5, 1), head(-2, 3));
        double[] k1 = PessimisticScores.scores(head(0, 2), members, 1, PHIS, Z);
        assertEquals(0, k1[0], 1e-12, "none keeps its Q");
        assertEquals(2 - Math.sqrt(2), k1[1], 1e-12);
        double[] k2 = PessimisticScores.scores(head(0, 2), members, 2, PHIS, Z);
        assertEquals(2 - 2 * Math.sqrt(2), k2[1], 1e-12);
        assertEquals(0, EpsilonGreedy.probabilities(k1, 0)[0], 0, "κ = 1: the coupon still wins");
        assertEquals(1, EpsilonGreedy.probabilities(k2, 0)[0], 0, "κ = 2: too uncertain, none wins");
    }

    @Test
    void membersThatAgree_costNothing() {
        List<QHead> same = List.of(head(1, 2), head(3, 2), head(0, 2));
        assertArrayEquals(new double[]{0, 2}, PessimisticScores.scores(head(0, 2), same, 3, PHIS, Z), 1e-12);
    }
}
