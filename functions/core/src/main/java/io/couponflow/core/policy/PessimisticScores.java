package io.couponflow.core.policy;

import java.util.List;

/**
 * What the serving policy ranks actions by: the point head's Q minus κ times the spread of the
 * action's uplift over "none" among bootstrap heads. A coupon is given only where the data agree it
 * pays, not where one fit happens to say so: pessimism in the face of uncertainty, the standard
 * remedy for offline policy learning (Jin, Yang, Wang 2021, "Is Pessimism Provably Efficient for
 * Offline RL?"; bootstrap ensembles as the uncertainty estimate: Osband et al. 2016).
 *
 * <p>Candidate 0 must be "none" (as DecisionMaker and the decision log order them); its score is its
 * Q, as its uplift over itself is 0 in every head.
 */
public final class PessimisticScores {
    private PessimisticScores() {
    }

    /**
     * @param head    the point estimate (trained on all the data)
     * @param members bootstrap heads (may be empty: plain Q)
     * @param kappa   how many standard deviations of uplift to subtract (0: plain Q)
     */
    public static double[] scores(QHead head, List<QHead> members, double kappa, List<double[]> phis, double[] z) {
        int n = phis.size();
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = head.q(phis.get(i), z);
        }
        if (members.size() < 2 || kappa == 0) {
            return s;
        }
        int k = members.size();
        double[] none = new double[k];
        for (int m = 0; m < k; m++) {
            none[m] = members.get(m).q(phis.get(0), z);
        }
        for (int i = 1; i < n; i++) {
            double sum = 0;
            double sumSq = 0;
            for (int m = 0; m < k; m++) {
                double uplift = members.get(m).q(phis.get(i), z) - none[m];
                sum += uplift;
                sumSq += uplift * uplift;
            }
            double mean = sum / k;
            double variance = Math.max(0, (sumSq - k * mean * mean) / (k - 1));
            s[i] -= kappa * Math.sqrt(variance);
        }
        return s;
    }
}
