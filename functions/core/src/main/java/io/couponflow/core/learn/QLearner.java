package io.couponflow.core.learn;

import io.couponflow.core.policy.QHead;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * Fitted Q-learning of the linear head Q(s, a) = φ(a)ᵀ W z(s) on logged transitions.
 * Target y = r + γ · max over the next decision's eligible actions of Q_target(s', a') (0 if terminal),
 * Huber loss on Q − y, L2 on W, Adam, a target network synced every {@code targetSync} steps, early
 * stopping on held-out transitions, deterministic given the seed. γ = 0 is a contextual bandit
 * (regression of the reward), which is also how the reward model of the estimators is fitted.
 */
public final class QLearner {

    /**
     * @param gamma        discount (0 = contextual bandit; default 0.5)
     * @param learningRate Adam step size (default 0.01)
     * @param l2           weight decay coefficient on W (default 1e-4)
     * @param huberDelta   Huber threshold in reward units (default 10)
     * @param batchSize    transitions per step (default 64)
     * @param maxEpochs    passes over the training set at most (default 60)
     * @param targetSync   steps between target-network syncs (default 50)
     * @param patience     epochs without validation improvement before stopping (default 6)
     * @param seed         shuffling seed
     */
    public record Settings(double gamma, double learningRate, double l2, double huberDelta, int batchSize,
                           int maxEpochs, int targetSync, int patience, long seed) {
        public static Settings defaults() {
            return new Settings(0.5, 0.01, 1e-4, 10.0, 64, 60, 50, 6, 7);
        }

        public Settings withGamma(double g) {
            return new Settings(g, learningRate, l2, huberDelta, batchSize, maxEpochs, targetSync, patience, seed);
        }

        public Settings withSeed(long s) {
            return new Settings(gamma, learningRate, l2, huberDelta, batchSize, maxEpochs, targetSync, patience, s);
        }
    }

    /**
     * @param head            the head with the best validation loss
     * @param trainLoss       mean Huber loss per epoch on the training set
     * @param validationLoss  mean Huber loss per epoch on the held-out set
     * @param stoppedBy       "converged" (patience), "max-epochs" or "deadline"
     */
    public record Result(QHead head, List<Double> trainLoss, List<Double> validationLoss, int bestEpoch, long steps,
                         String stoppedBy) {
    }

    private final Settings s;

    public QLearner(Settings settings) {
        this.s = settings;
    }

    public Result train(QHead init, List<Transition> train, List<Transition> validation, BooleanSupplier outOfTime) {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("no transitions to train on");
        }
        int rows = init.actionDim();
        int cols = init.stateDim();
        double[] w = init.weights();
        double[] target = w.clone();
        double[] m = new double[w.length];
        double[] v = new double[w.length];
        double[] grad = new double[w.length];
        SplittableRandom rnd = new SplittableRandom(s.seed());
        int[] order = new int[train.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        List<Double> trainLoss = new ArrayList<>();
        List<Double> valLoss = new ArrayList<>();
        double best = Double.POSITIVE_INFINITY;
        double[] bestW = w.clone();
        int bestEpoch = 0;
        long steps = 0;
        String stoppedBy = "max-epochs";
        epochs:
        for (int epoch = 1; epoch <= s.maxEpochs(); epoch++) {
            shuffle(order, rnd);
            double epochLoss = 0;
            for (int start = 0; start < order.length; start += s.batchSize()) {
                if (outOfTime.getAsBoolean()) {
                    stoppedBy = "deadline";
                    break epochs;
                }
                int end = Math.min(order.length, start + s.batchSize());
                java.util.Arrays.fill(grad, 0);
                for (int k = start; k < end; k++) {
                    Transition t = train.get(order[k]);
                    double delta = q(w, rows, cols, t.phi(), t.state()) - target(target, rows, cols, t);
                    epochLoss += huber(delta);
                    double g = Math.max(-s.huberDelta(), Math.min(s.huberDelta(), delta));
                    accumulate(grad, cols, t.phi(), t.state(), g);
                }
                int n = end - start;
                steps++;
                double b1 = 0.9;
                double b2 = 0.999;
                for (int i = 0; i < w.length; i++) {
                    double gi = grad[i] / n + 2 * s.l2() * w[i];
                    m[i] = b1 * m[i] + (1 - b1) * gi;
                    v[i] = b2 * v[i] + (1 - b2) * gi * gi;
                    double mh = m[i] / (1 - Math.pow(b1, steps));
                    double vh = v[i] / (1 - Math.pow(b2, steps));
                    w[i] -= s.learningRate() * mh / (Math.sqrt(vh) + 1e-8);
                }
                if (steps % s.targetSync() == 0) {
                    System.arraycopy(w, 0, target, 0, w.length);
                }
            }
            trainLoss.add(epochLoss / train.size());
            List<Transition> held = validation.isEmpty() ? train : validation;
            double vl = loss(w, w, rows, cols, held);
            valLoss.add(vl);
            if (vl < best - 1e-9) {
                best = vl;
                bestW = w.clone();
                bestEpoch = epoch;
            } else if (epoch - bestEpoch >= s.patience()) {
                stoppedBy = "converged";
                break;
            }
        }
        if (bestEpoch == 0) {
            bestW = w.clone();   // stopped by the deadline inside the first epoch: keep what was learnt
        }
        return new Result(new QHead(rows, cols, bestW), trainLoss, valLoss, bestEpoch, steps, stoppedBy);
    }

    /** Mean Huber TD loss of weights {@code w} with targets from {@code target} (exposed for the gradient check). */
    public double loss(double[] w, double[] target, int rows, int cols, List<Transition> ts) {
        double l = 0;
        for (Transition t : ts) {
            l += huber(q(w, rows, cols, t.phi(), t.state()) - target(target, rows, cols, t));
        }
        return l / ts.size();
    }

    /** Analytic gradient of {@link #loss} with respect to w (target held fixed), without L2. */
    public double[] gradient(double[] w, double[] target, int rows, int cols, List<Transition> ts) {
        double[] g = new double[w.length];
        for (Transition t : ts) {
            double delta = q(w, rows, cols, t.phi(), t.state()) - target(target, rows, cols, t);
            accumulate(g, cols, t.phi(), t.state(), Math.max(-s.huberDelta(), Math.min(s.huberDelta(), delta)));
        }
        for (int i = 0; i < g.length; i++) {
            g[i] /= ts.size();
        }
        return g;
    }

    private double target(double[] wt, int rows, int cols, Transition t) {
        if (t.terminal() || s.gamma() == 0) {
            return t.reward();
        }
        double best = Double.NEGATIVE_INFINITY;
        for (double[] phi : t.nextPhis()) {
            best = Math.max(best, q(wt, rows, cols, phi, t.nextState()));
        }
        return t.reward() + s.gamma() * best;
    }

    private double huber(double delta) {
        double a = Math.abs(delta);
        return a <= s.huberDelta() ? 0.5 * delta * delta : s.huberDelta() * (a - 0.5 * s.huberDelta());
    }

    static double q(double[] w, int rows, int cols, double[] phi, double[] z) {
        return QHead.bilinear(w, rows, cols, phi, z);
    }

    private static void accumulate(double[] grad, int cols, double[] phi, double[] z, double g) {
        for (int i = 0; i < phi.length; i++) {
            if (phi[i] == 0) {
                continue;
            }
            double gi = g * phi[i];
            int base = i * cols;
            for (int j = 0; j < cols; j++) {
                grad[base + j] += gi * z[j];
            }
        }
    }

    private static void shuffle(int[] a, SplittableRandom rnd) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
