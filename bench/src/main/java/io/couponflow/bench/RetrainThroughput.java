package io.couponflow.bench;

import io.couponflow.core.learn.PolicyLearner;
import io.couponflow.core.learn.Transition;
import io.couponflow.core.policy.Candidate;
import io.couponflow.core.policy.PolicyFeatures;
import io.couponflow.core.policy.Policy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Retraining throughput: transitions learnt from per second by the whole PolicyLearner (the evidence's
 * penalty search, the conversion head, its posterior draws and, with γ &gt; 0, fitted Q iteration) on
 * the production shapes: state 47 (32 hidden + 14 context + 1), 8 action features, 4 eligible next actions.
 * Usage: [transitions=50000] [repeats=5] [gamma=0]
 */
public final class RetrainThroughput {

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        double gamma = args.length > 2 ? Double.parseDouble(args[2]) : 0;
        int sd = PolicyFeatures.stateDim(32);
        List<Transition> ts = synthetic(n, sd, 1);
        PolicyLearner learner = new PolicyLearner(new PolicyLearner.Settings(gamma, 16, 0.25, 30, 1e-4, 0.02,
                Policy.Exploration.THOMPSON, 0, 7, PolicyLearner.Settings.defaults().lockIn()));
        double[] rates = new double[repeats];
        learner.learn(ts.subList(0, n / 5), () -> false);   // warm-up
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            PolicyLearner.Result res = learner.learn(ts, () -> false);
            double s = (System.nanoTime() - t0) / 1e9;
            rates[r] = n / s;
            System.out.printf("repeat %d: %d transitions in %.2f s (%d Q-iterations) -> %.0f transitions/s%n", r + 1, n, s,
                    res.iterations(), rates[r]);
        }
        System.out.printf("median: %.0f transitions/s (one thread; %d transitions, gamma %.1f, whole learn)%n",
                Stats.median(rates), n, gamma);
    }

    static List<Transition> synthetic(int n, int sd, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Transition> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double[] z = vec(rnd, sd);
            z[sd - 1] = 1;
            List<Candidate> next = new ArrayList<>();
            for (int k = 0; k < 4; k++) {
                next.add(new Candidate("a" + k, vec(rnd, PolicyFeatures.ACTION_DIM), rnd.nextDouble() * 5));
            }
            boolean bought = rnd.nextDouble() < 0.3;
            Candidate chosen = next.get(rnd.nextInt(4));
            double cart = 20 + rnd.nextDouble() * 80;
            boolean terminal = i % 3 == 0;
            out.add(new Transition(z, next, chosen, cart, bought ? 0.3 * cart - chosen.cost() : 0, bought,
                    terminal ? null : vec(rnd, sd), terminal ? null : next, cart, i));
        }
        return out;
    }

    private static double[] vec(SplittableRandom rnd, int d) {
        double[] v = new double[d];
        for (int i = 0; i < d; i++) {
            v[i] = rnd.nextGaussian();
        }
        return v;
    }
}
