package io.couponflow.bench;

import io.couponflow.core.learn.QLearner;
import io.couponflow.core.learn.Transition;
import io.couponflow.core.policy.Features;
import io.couponflow.core.policy.QHead;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Q-learning throughput (transitions processed per second) of the production head shape: state 39
 * (32 hidden + 6 context + 1), 8 action features, 4 eligible next actions. Usage: [transitions=50000] [repeats=5]
 */
public final class RetrainThroughput {

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int sd = Features.stateDim(32);
        List<Transition> ts = synthetic(n, sd, 1);
        List<Transition> val = synthetic(n / 10, sd, 2);
        int epochs = 5;
        QLearner learner = new QLearner(new QLearner.Settings(0.5, 0.01, 1e-4, 10, 64, epochs, 50, epochs + 1, 7));
        double[] rates = new double[repeats];
        learner.train(QHead.zeros(Features.ACTION_DIM, sd), ts.subList(0, n / 5), val, () -> false);   // warm-up
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            QLearner.Result res = learner.train(QHead.zeros(Features.ACTION_DIM, sd), ts, val, () -> false);
            double s = (System.nanoTime() - t0) / 1e9;
            rates[r] = (double) n * res.trainLoss().size() / s;
            System.out.printf("repeat %d: %d epochs in %.2f s -> %.0f transitions/s%n", r + 1, res.trainLoss().size(), s, rates[r]);
        }
        System.out.printf("median: %.0f transitions/s (one thread; %d transitions x %d epochs, batch 64, gamma 0.5)%n",
                Stats.median(rates), n, epochs);
    }

    static List<Transition> synthetic(int n, int sd, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Transition> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double[] z = vec(rnd, sd);
            double[][] next = new double[4][];
            for (int k = 0; k < 4; k++) {
                next[k] = vec(rnd, Features.ACTION_DIM);
            }
            out.add(new Transition(z, vec(rnd, Features.ACTION_DIM), rnd.nextGaussian() * 5, i % 3 == 0 ? null : vec(rnd, sd),
                    i % 3 == 0 ? null : next, i));
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
