package io.couponflow.core.policy;

import java.util.random.RandomGenerator;

/**
 * A policy's distribution over the candidate actions of one decision (candidate 0 is "none"), and
 * the action its point estimate prefers. Drawing from it is what serving does; its probabilities are
 * what the decision logs as propensities and what off-policy evaluation weighs by, so both read the
 * same numbers.
 *
 * @param probabilities one per candidate, summing to 1
 * @param greedy        the candidate the point estimate ranks first (ties to the lowest index)
 */
public record ActionDistribution(double[] probabilities, int greedy) {

    public ActionDistribution {
        if (probabilities.length == 0) {
            throw new IllegalArgumentException("no action to choose from");
        }
        probabilities = probabilities.clone();
    }

    /** ε-greedy over scores: the best with probability 1 − ε + ε/n, every other action ε/n. */
    public static ActionDistribution epsilonGreedy(double[] scores, double epsilon) {
        checkEpsilon(epsilon);
        int n = scores.length;
        int best = argmax(scores);
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = epsilon / n + (i == best ? 1 - epsilon : 0);
        }
        return new ActionDistribution(p, best);
    }

    /**
     * Thompson sampling over heads drawn from the posterior, mixed with ε: each draw's best action
     * gets (1 − ε)/k, every action ε/n. Choosing a draw uniformly and acting greedily on it has
     * exactly this distribution, so the logged propensity is exact.
     *
     * @param drawScores one score vector per posterior draw
     * @param greedy     the point estimate's best action
     */
    public static ActionDistribution thompson(double[][] drawScores, double epsilon, int greedy) {
        checkEpsilon(epsilon);
        int n = drawScores[0].length;
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = epsilon / n;
        }
        for (double[] s : drawScores) {
            p[argmax(s)] += (1 - epsilon) / drawScores.length;
        }
        return new ActionDistribution(p, greedy);
    }

    /**
     * The same distribution with a share {@code spread} of its coupon probability (every action but
     * "none", index 0) spread evenly over the coupons: P(none) is unchanged, each coupon gets
     * (1 − spread) · p(c) + spread · (1 − p(none)) / (n − 1). Among the shoppers a policy coupons, this
     * tries every coupon, so how the effect grows with a coupon's depth is measured where the policy
     * gives coupons, at the price of a share of those decisions; the probabilities stay exact.
     */
    public ActionDistribution spreadOverCoupons(double spread) {
        if (!(spread >= 0 && spread <= 1)) {
            throw new IllegalArgumentException("spread must be in [0, 1], got " + spread);
        }
        int n = probabilities.length;
        if (spread == 0 || n < 3) {
            return this;
        }
        double coupons = 0;
        for (int i = 1; i < n; i++) {
            coupons += probabilities[i];
        }
        double[] p = probabilities.clone();
        for (int i = 1; i < n; i++) {
            p[i] = (1 - spread) * p[i] + spread * coupons / (n - 1);
        }
        return new ActionDistribution(p, greedy);
    }

    /** The index drawn with these probabilities from one uniform number. */
    public int draw(RandomGenerator random) {
        double u = random.nextDouble();
        double acc = 0;
        for (int i = 0; i < probabilities.length; i++) {
            acc += probabilities[i];
            if (u < acc) {
                return i;
            }
        }
        // rounding left u above the sum: the last action with positive probability
        for (int i = probabilities.length - 1; i > 0; i--) {
            if (probabilities[i] > 0) {
                return i;
            }
        }
        return 0;
    }

    public double probability(int index) {
        return probabilities[index];
    }

    @Override
    public double[] probabilities() {
        return probabilities.clone();
    }

    public int size() {
        return probabilities.length;
    }

    public static int argmax(double[] scores) {
        int best = 0;
        for (int i = 1; i < scores.length; i++) {
            if (scores[i] > scores[best]) {
                best = i;
            }
        }
        return best;
    }

    private static void checkEpsilon(double epsilon) {
        if (!(epsilon >= 0 && epsilon <= 1)) {
            throw new IllegalArgumentException("epsilon must be in [0, 1], got " + epsilon);
        }
    }
}
