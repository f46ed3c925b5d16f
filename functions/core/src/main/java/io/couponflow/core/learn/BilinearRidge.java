package io.couponflow.core.learn;

import io.couponflow.core.policy.QHead;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Bayesian linear regression of a target on x(s, a) = φ(a) ⊗ z̃(s), giving a head φ(a)ᵀ W z(s):
 * the posterior mean, its Gaussian posterior, and penalties chosen by the evidence.
 *
 * <ul>
 *   <li>States are standardised (mean 0, sd 1 per feature, from the data; the last feature is the
 *       constant 1): a penalty then weighs every feature alike, whatever its units. The scaling is
 *       folded back into W, so heads read raw z(s).</li>
 *   <li>Prior: each φ row's weights ~ N(0, σ²/λ_g) with its own penalty λ_g per row group. The
 *       intercepts (the constant column) of the rows the caller names free are nearly free; every other
 *       row's intercept has a penalty of its own, chosen like the others: a coupon feature's offset
 *       over what all coupons share is kept only as far as the data support it (a free offset per kind
 *       soaks up whom each kind happened to be served to). The penalties and σ² maximise the evidence (type-II
 *       maximum likelihood) by MacKay's fixed-point updates (MacKay 1992; Bishop, PRML §3.5):
 *       γ_g = Σ_{j∈g} (1 − λ_g [A⁻¹]_jj), λ_g ← γ_g σ² / ‖θ_g‖², σ² ← RSS / (n − Σγ), with
 *       A = XᵀX + Λ. A row the data do not support gets a large penalty and drops out: automatic
 *       relevance determination of the action features, chosen from all the data rather than from a
 *       noisy validation split.</li>
 *   <li>Posterior: θ ~ N(A⁻¹Xᵀy, σ² A⁻¹); draws are θ̂ + σ Lᵀ⁻¹ ξ (A = L Lᵀ, ξ standard normal).</li>
 * </ul>
 */
final class BilinearRidge {
    static final double MIN_PENALTY = 1e-2;
    static final double MAX_PENALTY = 1e6;
    private static final double INTERCEPT_PENALTY = 1e-6;
    private static final int MAX_EVIDENCE_ITERATIONS = 50;

    /** One regression sample: the action's features, the state, the target. */
    record Sample(double[] phi, double[] state, double target) {
    }

    /**
     * A fitted regression: the mean head, what draws need, and what the evidence chose.
     *
     * @param penalties           λ per row group
     * @param noiseVariance       σ²
     * @param effectiveParameters Σγ: how many parameters the data determine
     */
    record Fit(QHead mean, double[] penalties, double noiseVariance, double effectiveParameters, Design design,
               Cholesky factor, double[] theta) {

        /** {@code k} heads drawn from the posterior, its spread times {@code scale}. */
        List<QHead> draws(int k, double scale, SplittableRandom rnd) {
            List<QHead> out = new ArrayList<>(k);
            double sd = Math.sqrt(noiseVariance) * scale;
            for (int m = 0; m < k; m++) {
                double[] xi = new double[theta.length];
                for (int i = 0; i < xi.length; i++) {
                    xi[i] = gaussian(rnd);
                }
                double[] shift = factor.backward(xi);
                double[] draw = theta.clone();
                for (int i = 0; i < draw.length; i++) {
                    draw[i] += sd * shift[i];
                }
                out.add(design.head(draw));
            }
            return out;
        }

        /** The same design and penalties on other targets (Q-iteration: only y changes). */
        Fit refit(List<Sample> samples) {
            double[] b = design.rhs(samples);
            double[] t = factor.solve(b);
            return new Fit(design.head(t), penalties, noiseVariance, effectiveParameters, design, factor, t);
        }
    }

    private BilinearRidge() {
    }

    /** {@link #fit(List, int[], int[], int)} with every row's intercept nearly free. */
    static Fit fit(List<Sample> samples, int[] rowGroups, int[] columnBlocks) {
        return fit(samples, rowGroups, columnBlocks, rowGroups.length);
    }

    /** {@link #fit(List, int[], int[], int, boolean[])} with every row free to interact with the state. */
    static Fit fit(List<Sample> samples, int[] rowGroups, int[] columnBlocks, int freeIntercepts) {
        return fit(samples, rowGroups, columnBlocks, freeIntercepts, new boolean[rowGroups.length]);
    }

    /**
     * @param rowGroups     penalty group of each φ row (e.g. each row its own group)
     * @param columnBlocks  block of each state feature (the last, the constant, is ignored): a weight's
     *                      penalty group is (its row's group, its column's block)
     * @param freeIntercepts the first this many rows have nearly free intercepts; each later row's
     *                      intercept is a penalty group of its own (after the (row, block) groups)
     * @param interceptOnly the rows whose weights on the state features are held at the largest penalty
     *                      (so at zero) instead of chosen by the evidence: only their intercept is fitted
     */
    static Fit fit(List<Sample> samples, int[] rowGroups, int[] columnBlocks, int freeIntercepts,
                   boolean[] interceptOnly) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no samples to fit");
        }
        Design d = Design.of(samples, rowGroups, columnBlocks, freeIntercepts);
        boolean[] held = d.groupsOfRows(interceptOnly);
        double[] gram = d.gram(samples);
        double[] b = d.rhs(samples);
        double yy = 0;
        for (Sample s : samples) {
            yy += s.target() * s.target();
        }
        int n = samples.size();
        double[] lambda = new double[d.groups()];
        Arrays.fill(lambda, 1.0);
        Cholesky chol = null;
        double[] theta = null;
        double sigma2 = 1;
        double gammaTotal = 0;
        for (int it = 0; it < MAX_EVIDENCE_ITERATIONS; it++) {
            chol = Cholesky.of(d.penalised(gram, lambda), d.dim);
            theta = chol.solve(b);
            double rss = Math.max(1e-12, yy - 2 * dot(theta, b) + quadratic(gram, theta, d.dim));
            double[] inverseDiagonal = chol.inverseDiagonal();
            double[] gamma = new double[lambda.length];
            double[] norm = new double[lambda.length];
            gammaTotal = 0;
            for (int i = 0; i < d.actions; i++) {
                for (int j = 0; j < d.states; j++) {
                    int k = i * d.states + j;
                    if (d.group[k] < 0) {
                        gammaTotal += 1 - INTERCEPT_PENALTY * inverseDiagonal[k];
                        continue;
                    }
                    if (d.scale[j] == 0) {
                        continue;   // a feature constant in the data: no parameter to speak of
                    }
                    int g = d.group[k];
                    gamma[g] += 1 - lambda[g] * inverseDiagonal[k];
                    norm[g] += theta[k] * theta[k];
                }
            }
            for (double g : gamma) {
                gammaTotal += g;
            }
            sigma2 = rss / Math.max(1, n - gammaTotal);
            double change = 0;
            for (int g = 0; g < lambda.length; g++) {
                double next = norm[g] > 0 ? gamma[g] * sigma2 / norm[g] : MAX_PENALTY;
                next = held[g] ? MAX_PENALTY : Math.max(MIN_PENALTY, Math.min(MAX_PENALTY, next));
                change = Math.max(change, Math.abs(Math.log(next / lambda[g])));
                lambda[g] = next;
            }
            if (change < 1e-3) {
                break;
            }
        }
        chol = Cholesky.of(d.penalised(gram, lambda), d.dim);
        theta = chol.solve(b);
        return new Fit(d.head(theta), lambda, sigma2, gammaTotal, d, chol, theta);
    }

    static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /** θᵀ G θ for a matrix whose lower triangle is filled. */
    private static double quadratic(double[] lower, double[] theta, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            int row = i * n;
            double ti = theta[i];
            if (ti == 0) {
                continue;
            }
            sum += lower[row + i] * ti * ti;
            double off = 0;
            for (int j = 0; j < i; j++) {
                off += lower[row + j] * theta[j];
            }
            sum += 2 * ti * off;
        }
        return sum;
    }

    static double gaussian(SplittableRandom rnd) {
        // Box–Muller; SplittableRandom has no nextGaussian on Java 17
        double u = 1 - rnd.nextDouble();
        double v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /**
     * The regression's design: x(s, a) = φ(a) ⊗ z̃(s) with z̃ the standardised state (its last
     * feature, the constant 1, kept as it is), parameters θ = vec(W̃) row-major.
     */
    static final class Design {
        final int actions;
        final int states;
        final int dim;
        final double[] mean;
        final double[] scale;   // 0 for a feature constant in the data: it carries nothing
        /** Penalty group of each parameter (−1 for the nearly free intercepts). */
        final int[] group;
        private final int groups;

        private Design(int actions, int states, double[] mean, double[] scale, int[] rowGroups, int[] columnBlocks,
                       int freeIntercepts) {
            this.actions = actions;
            this.states = states;
            this.dim = actions * states;
            this.mean = mean;
            this.scale = scale;
            int blocks = 0;
            for (int j = 0; j < states - 1; j++) {
                blocks = Math.max(blocks, columnBlocks[j] + 1);
            }
            int rows = 0;
            for (int r : rowGroups) {
                rows = Math.max(rows, r + 1);
            }
            this.group = new int[dim];
            int next = rows * blocks;
            for (int i = 0; i < actions; i++) {
                for (int j = 0; j < states - 1; j++) {
                    group[i * states + j] = rowGroups[i] * blocks + columnBlocks[j];
                }
                group[i * states + states - 1] = i < freeIntercepts ? -1 : next++;
            }
            this.groups = next;
        }

        static Design of(List<Sample> samples, int[] rowGroups, int[] columnBlocks, int freeIntercepts) {
            int a = samples.get(0).phi().length;
            int n = samples.get(0).state().length;
            if (rowGroups.length != a || columnBlocks.length != n) {
                throw new IllegalArgumentException("one penalty group per action feature (" + a + ") and one block per state feature ("
                        + n + "), got " + rowGroups.length + " and " + columnBlocks.length);
            }
            double[] mean = new double[n];
            double[] sq = new double[n];
            for (Sample s : samples) {
                for (int j = 0; j < n - 1; j++) {
                    mean[j] += s.state()[j];
                    sq[j] += s.state()[j] * s.state()[j];
                }
            }
            double[] scale = new double[n];
            for (int j = 0; j < n - 1; j++) {
                mean[j] /= samples.size();
                double var = sq[j] / samples.size() - mean[j] * mean[j];
                scale[j] = var > 1e-12 ? 1 / Math.sqrt(var) : 0;
            }
            mean[n - 1] = 0;
            scale[n - 1] = 1;
            return new Design(a, n, mean, scale, rowGroups, columnBlocks, freeIntercepts);
        }

        int groups() {
            return groups;
        }

        /** Which penalty groups hold the state weights of these rows (their intercepts' groups excluded). */
        boolean[] groupsOfRows(boolean[] rows) {
            if (rows.length != actions) {
                throw new IllegalArgumentException("one flag per action feature (" + actions + "), got " + rows.length);
            }
            boolean[] held = new boolean[groups];
            for (int i = 0; i < actions; i++) {
                for (int j = 0; j < states - 1 && rows[i]; j++) {
                    held[group[i * states + j]] = true;
                }
            }
            return held;
        }

        double[] gram(List<Sample> samples) {
            double[] g = new double[dim * dim];
            int[] idx = new int[dim];
            double[] val = new double[dim];
            for (Sample s : samples) {
                int nnz = features(s.phi(), s.state(), idx, val);
                for (int p = 0; p < nnz; p++) {
                    int row = idx[p] * dim;
                    double vp = val[p];
                    for (int q = 0; q <= p; q++) {
                        g[row + idx[q]] += vp * val[q];
                    }
                }
            }
            return g;
        }

        double[] rhs(List<Sample> samples) {
            double[] b = new double[dim];
            int[] idx = new int[dim];
            double[] val = new double[dim];
            for (Sample s : samples) {
                int nnz = features(s.phi(), s.state(), idx, val);
                for (int p = 0; p < nnz; p++) {
                    b[idx[p]] += val[p] * s.target();
                }
            }
            return b;
        }

        /** The Gram matrix plus each row group's penalty on its diagonal (a copy); intercepts nearly free. */
        double[] penalised(double[] gram, double[] groupPenalty) {
            double[] a = gram.clone();
            for (int i = 0; i < actions; i++) {
                for (int j = 0; j < states; j++) {
                    int k = i * states + j;
                    a[k * dim + k] += group[k] < 0 ? INTERCEPT_PENALTY : groupPenalty[group[k]];
                }
            }
            return a;
        }

        /** W for raw states: the standardisation folded into the weights and the constant column. */
        QHead head(double[] theta) {
            double[] w = new double[dim];
            for (int i = 0; i < actions; i++) {
                int base = i * states;
                double constant = theta[base + states - 1];
                for (int j = 0; j < states - 1; j++) {
                    w[base + j] = theta[base + j] * scale[j];
                    constant -= theta[base + j] * scale[j] * mean[j];
                }
                w[base + states - 1] = constant;
            }
            return new QHead(actions, states, w);
        }

        private int features(double[] phi, double[] z, int[] idx, double[] val) {
            int nnz = 0;
            for (int i = 0; i < actions; i++) {
                if (phi[i] == 0) {
                    continue;
                }
                int base = i * states;
                for (int j = 0; j < states; j++) {
                    double v = phi[i] * (z[j] - mean[j]) * scale[j];
                    if (v != 0) {
                        idx[nnz] = base + j;
                        val[nnz++] = v;
                    }
                }
            }
            return nnz;
        }
    }
}
