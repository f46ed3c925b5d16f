package io.couponflow.core.ope;

/**
 * One logged round as every estimator sees it.
 *
 * @param reward             observed reward of the logged action
 * @param loggingPropensity  probability with which the logging policy chose it (> 0)
 * @param chosen             index of the logged action among the candidates
 * @param targetProbs        the evaluated policy's probabilities over the candidates (sum 1)
 * @param rewardHat          a reward model's prediction for each candidate (for DM/DR; may be null for IPS/SNIPS)
 */
public record LoggedRound(double reward, double loggingPropensity, int chosen, double[] targetProbs, double[] rewardHat) {

    public LoggedRound {
        if (!(loggingPropensity > 0) || loggingPropensity > 1) {
            throw new IllegalArgumentException("logging propensity must be in (0, 1], got " + loggingPropensity);
        }
        if (chosen < 0 || chosen >= targetProbs.length) {
            throw new IllegalArgumentException("chosen index " + chosen + " outside " + targetProbs.length + " candidates");
        }
        if (!Double.isFinite(reward)) {
            throw new IllegalArgumentException("reward must be finite, got " + reward);
        }
    }

    /** The importance weight π(a|x) / π₀(a|x). */
    public double weight() {
        return targetProbs[chosen] / loggingPropensity;
    }

    /** Σₐ π(a|x) q̂(x, a): the direct-method value of this round. */
    public double modelValue() {
        double v = 0;
        for (int a = 0; a < targetProbs.length; a++) {
            v += targetProbs[a] * rewardHat[a];
        }
        return v;
    }
}
