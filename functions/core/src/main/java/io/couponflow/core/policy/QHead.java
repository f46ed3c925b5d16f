package io.couponflow.core.policy;

import java.util.Arrays;

/**
 * The trainable head: Q(s, a) = φ(a)ᵀ W z(s), W of shape actionDim × stateDim (row-major).
 * Immutable; the learner returns new heads.
 */
public record QHead(int actionDim, int stateDim, double[] weights) {

    public QHead {
        if (weights.length != actionDim * stateDim) {
            throw new IllegalArgumentException("weights has " + weights.length + " values, expected "
                    + actionDim + " x " + stateDim);
        }
        for (double w : weights) {
            if (!Double.isFinite(w)) {
                throw new IllegalArgumentException("weights must be finite");
            }
        }
        weights = weights.clone();
    }

    public static QHead zeros(int actionDim, int stateDim) {
        return new QHead(actionDim, stateDim, new double[actionDim * stateDim]);
    }

    public double q(double[] phi, double[] z) {
        return bilinear(weights, actionDim, stateDim, phi, z);
    }

    /** φᵀ W z for row-major weights (also used by the learner on its working copy). */
    public static double bilinear(double[] weights, int actionDim, int stateDim, double[] phi, double[] z) {
        double sum = 0;
        for (int i = 0; i < actionDim; i++) {
            if (phi[i] == 0) {
                continue;
            }
            double row = 0;
            int base = i * stateDim;
            for (int j = 0; j < stateDim; j++) {
                row += weights[base + j] * z[j];
            }
            sum += phi[i] * row;
        }
        return sum;
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QHead h && h.actionDim == actionDim && h.stateDim == stateDim && Arrays.equals(h.weights, weights);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(weights);
    }
}
