package io.couponflow.core.policy;

/**
 * What an ε-greedy policy ranks actions by: the point estimate's Q minus κ times the spread of the
 * action's uplift over "none" across posterior draws. A coupon is given only where the data agree it
 * pays, not where one fit happens to say so: pessimism in the face of uncertainty, the standard
 * remedy for offline policy learning (Jin, Yang, Wang 2021, "Is Pessimism Provably Efficient for
 * Offline RL?").
 *
 * <p>Candidate 0 must be "none" (as DecisionMaker and the decision log order them); its score is its
 * Q, as its uplift over itself is 0 in every draw.
 */
public final class PessimisticScores {
    private PessimisticScores() {
    }

    /**
     * @param point Q of each candidate by the point estimate
     * @param draws Q of each candidate by each posterior draw (fewer than two: plain Q)
     * @param kappa how many standard deviations of uplift to subtract (0: plain Q)
     */
    public static double[] scores(double[] point, double[][] draws, double kappa) {
        double[] s = point.clone();
        int k = draws.length;
        if (k < 2 || kappa == 0) {
            return s;
        }
        for (int i = 1; i < s.length; i++) {
            double sum = 0;
            double sumSq = 0;
            for (double[] draw : draws) {
                double uplift = draw[i] - draw[0];
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
