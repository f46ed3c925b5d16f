package io.couponflow.core.learn;

/**
 * The Cholesky factor L (lower triangular, A = L Lᵀ) of a symmetric positive definite matrix, and the
 * solves the ridge learner needs. Row-major {@code double[n*n]}; only the lower triangle of A is read.
 * Hand-written because it is a few lines and core carries no dependency (every function and its native
 * image link core); tested against hand-computed factors and random systems.
 */
final class Cholesky {
    private final int n;
    private final double[] l;

    private Cholesky(int n, double[] l) {
        this.n = n;
        this.l = l;
    }

    /** Factors {@code a} (n × n); throws if it is not positive definite. */
    static Cholesky of(double[] a, int n) {
        double[] l = new double[n * n];
        for (int i = 0; i < n; i++) {
            int ri = i * n;
            for (int j = 0; j <= i; j++) {
                int rj = j * n;
                double sum = a[ri + j];
                for (int k = 0; k < j; k++) {
                    sum -= l[ri + k] * l[rj + k];
                }
                if (i == j) {
                    if (!(sum > 0)) {
                        throw new IllegalArgumentException("matrix is not positive definite (pivot " + i + ": " + sum + ")");
                    }
                    l[ri + i] = Math.sqrt(sum);
                } else {
                    l[ri + j] = sum / l[rj + j];
                }
            }
        }
        return new Cholesky(n, l);
    }

    /** x with A x = b. */
    double[] solve(double[] b) {
        return backward(forward(b));
    }

    /** y with L y = b. */
    double[] forward(double[] b) {
        double[] y = b.clone();
        for (int i = 0; i < n; i++) {
            int ri = i * n;
            double sum = y[i];
            for (int k = 0; k < i; k++) {
                sum -= l[ri + k] * y[k];
            }
            y[i] = sum / l[ri + i];
        }
        return y;
    }

    /** x with Lᵀ x = y: a draw of Lᵀ⁻¹ ξ (ξ standard normal) has covariance A⁻¹. */
    double[] backward(double[] y) {
        double[] x = y.clone();
        for (int i = n - 1; i >= 0; i--) {
            double sum = x[i];
            for (int k = i + 1; k < n; k++) {
                sum -= l[k * n + i] * x[k];
            }
            x[i] = sum / l[i * n + i];
        }
        return x;
    }

    /** The diagonal of A⁻¹ = L⁻ᵀL⁻¹: entry j is ‖L⁻¹ e_j‖² (about n³/6 operations). */
    double[] inverseDiagonal() {
        double[] diag = new double[n];
        double[] x = new double[n];
        for (int j = 0; j < n; j++) {
            x[j] = 1 / l[j * n + j];
            double sum = x[j] * x[j];
            for (int i = j + 1; i < n; i++) {
                int ri = i * n;
                double acc = 0;
                for (int k = j; k < i; k++) {
                    acc -= l[ri + k] * x[k];
                }
                x[i] = acc / l[ri + i];
                sum += x[i] * x[i];
            }
            diag[j] = sum;
        }
        return diag;
    }

    /** log det A = 2 Σ log L_ii. */
    double logDeterminant() {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.log(l[i * n + i]);
        }
        return 2 * sum;
    }

    /** Element (i, j) of L. */
    double at(int i, int j) {
        return l[i * n + j];
    }
}
