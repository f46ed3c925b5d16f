package io.couponflow.core.learn;

import io.couponflow.core.policy.QHead;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QLearnerTest {
    // A two-state, two-action MDP: in s0, a0 pays 1 and stays, a1 pays 0 and moves to s1;
    // in s1, a0 pays 0 and moves to s0, a1 pays 3 and stays. Rewards carry uniform noise of ±0.5.
    private static final int[][] NEXT = {{0, 1}, {0, 1}};
    private static final double[][] REWARD = {{1, 0}, {0, 3}};

    private static double[][] valueIteration(double gamma) {
        double[][] q = new double[2][2];
        for (int it = 0; it < 2_000; it++) {
            double[][] nq = new double[2][2];
            for (int s = 0; s < 2; s++) {
                for (int a = 0; a < 2; a++) {
                    int n = NEXT[s][a];
                    nq[s][a] = REWARD[s][a] + gamma * Math.max(q[n][0], q[n][1]);
                }
            }
            q = nq;
        }
        return q;
    }

    private static double[] oneHot(int i) {
        double[] v = new double[2];
        v[i] = 1;
        return v;
    }

    private static List<Transition> sample(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Transition> out = new ArrayList<>();
        int s = 0;
        double[][] allActions = {oneHot(0), oneHot(1)};
        for (int i = 0; i < n; i++) {
            int a = rnd.nextInt(2);   // uniform behaviour policy
            int next = NEXT[s][a];
            double r = REWARD[s][a] + rnd.nextDouble() - 0.5;
            out.add(new Transition(oneHot(s), oneHot(a), r, oneHot(next), allActions, i));
            s = next;
        }
        return out;
    }

    @Test
    void train_tabularMdp_recoversQStarOfValueIteration() {
        double gamma = 0.5;
        double[][] qStar = valueIteration(gamma);   // {{2.5, 3}, {1.5, 6}}
        QLearner learner = new QLearner(new QLearner.Settings(gamma, 0.05, 0, 100, 64, 150, 20, 150, 3));
        QLearner.Result r = learner.train(QHead.zeros(2, 2), sample(4_000, 1), sample(1_000, 2), () -> false);
        for (int s = 0; s < 2; s++) {
            for (int a = 0; a < 2; a++) {
                double q = r.head().q(oneHot(a), oneHot(s));
                assertEquals(qStar[s][a], q, 0.1, "Q(s" + s + ", a" + a + ")");
            }
        }
        assertEquals(2.5, qStar[0][0], 1e-9);
        assertEquals(6.0, qStar[1][1], 1e-9);
    }

    @Test
    void train_sameSeed_sameHead() {
        QLearner learner = new QLearner(QLearner.Settings.defaults());
        QHead a = learner.train(QHead.zeros(2, 2), sample(500, 4), sample(100, 5), () -> false).head();
        QHead b = learner.train(QHead.zeros(2, 2), sample(500, 4), sample(100, 5), () -> false).head();
        assertEquals(a, b);
    }

    @Test
    void gradient_matchesFiniteDifferences_inBothHuberRegions() {
        SplittableRandom rnd = new SplittableRandom(9);
        int rows = 3;
        int cols = 4;
        List<Transition> ts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            double[] z = new double[cols];
            double[] phi = new double[rows];
            for (int j = 0; j < cols; j++) {
                z[j] = rnd.nextGaussian();
            }
            for (int j = 0; j < rows; j++) {
                phi[j] = rnd.nextGaussian();
            }
            double[][] next = {phi.clone(), new double[]{1, 0, 0}};
            ts.add(new Transition(z, phi, rnd.nextGaussian() * (i % 2 == 0 ? 1 : 20), i % 3 == 0 ? null : z.clone(), next, i));
        }
        double[] w = new double[rows * cols];
        double[] target = new double[rows * cols];
        for (int i = 0; i < w.length; i++) {
            w[i] = rnd.nextGaussian();
            target[i] = rnd.nextGaussian();
        }
        QLearner learner = new QLearner(new QLearner.Settings(0.7, 0.01, 0, 2.0, 8, 1, 1, 1, 1));
        double[] analytic = learner.gradient(w, target, rows, cols, ts);
        double h = 1e-6;
        double worst = 0;
        for (int i = 0; i < w.length; i++) {
            double[] up = w.clone();
            double[] down = w.clone();
            up[i] += h;
            down[i] -= h;
            double numeric = (learner.loss(up, target, rows, cols, ts) - learner.loss(down, target, rows, cols, ts)) / (2 * h);
            worst = Math.max(worst, Math.abs(numeric - analytic[i]) / Math.max(1, Math.abs(numeric)));
        }
        assertTrue(worst < 1e-6, "largest relative gradient error " + worst);
    }

    @Test
    void train_deadlineReached_stopsAndStillReturnsAHead() {
        QLearner learner = new QLearner(QLearner.Settings.defaults());
        int[] calls = {0};
        QLearner.Result r = learner.train(QHead.zeros(2, 2), sample(5_000, 6), sample(100, 7), () -> ++calls[0] > 10);
        assertEquals("deadline", r.stoppedBy());
        assertEquals(10, r.steps());
        assertTrue(r.head().weights().length == 4);
    }
}
