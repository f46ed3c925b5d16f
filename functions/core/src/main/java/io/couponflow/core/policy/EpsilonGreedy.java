package io.couponflow.core.policy;

import java.util.random.RandomGenerator;

/**
 * ε-greedy over scores: the best score with probability 1 − ε + ε/n, every other action ε/n.
 * Ties go to the lowest index, so the distribution (and the logged propensity) is exact.
 */
public final class EpsilonGreedy {
    private EpsilonGreedy() {
    }

    /** The distribution over actions and the sampled index. */
    public record Choice(int index, double propensity, int greedyIndex, double[] probabilities) {
    }

    public static double[] probabilities(double[] scores, double epsilon) {
        if (epsilon < 0 || epsilon > 1 || Double.isNaN(epsilon)) {
            throw new IllegalArgumentException("epsilon must be in [0, 1], got " + epsilon);
        }
        int n = scores.length;
        double[] p = new double[n];
        int best = argmax(scores);
        for (int i = 0; i < n; i++) {
            p[i] = epsilon / n + (i == best ? 1 - epsilon : 0);
        }
        return p;
    }

    public static Choice choose(double[] scores, double epsilon, RandomGenerator random) {
        if (scores.length == 0) {
            throw new IllegalArgumentException("no action to choose from");
        }
        double[] p = probabilities(scores, epsilon);
        double u = random.nextDouble();
        int chosen = p.length - 1;
        double acc = 0;
        for (int i = 0; i < p.length; i++) {
            acc += p[i];
            if (u < acc) {
                chosen = i;
                break;
            }
        }
        return new Choice(chosen, p[chosen], argmax(scores), p);
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
}
