package io.couponflow.core.learn;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CholeskyTest {

    @Test
    void factor_ofAHandComputedMatrix() {
        // A = [[4, 2], [2, 10]] = L Lᵀ with L = [[2, 0], [1, 3]]
        Cholesky c = Cholesky.of(new double[]{4, 2, 2, 10}, 2);
        assertEquals(2, c.at(0, 0), 1e-12);
        assertEquals(1, c.at(1, 0), 1e-12);
        assertEquals(3, c.at(1, 1), 1e-12);
        assertEquals(Math.log(36), c.logDeterminant(), 1e-12);
        // A⁻¹ = [[10, -2], [-2, 4]] / 36
        assertArrayEquals(new double[]{10 / 36.0, 4 / 36.0}, c.inverseDiagonal(), 1e-12);
        assertArrayEquals(new double[]{1, 1}, c.solve(new double[]{6, 12}), 1e-12);
    }

    @Test
    void solve_randomSpdSystems_matchTheRightHandSide() {
        SplittableRandom rnd = new SplittableRandom(3);
        int n = 40;
        double[] b = new double[n * n];
        for (int i = 0; i < b.length; i++) {
            b[i] = rnd.nextDouble() - 0.5;
        }
        double[] a = new double[n * n];   // A = BᵀB + I
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = i == j ? 1 : 0;
                for (int k = 0; k < n; k++) {
                    s += b[k * n + i] * b[k * n + j];
                }
                a[i * n + j] = s;
            }
        }
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rnd.nextGaussian();
        }
        double[] rhs = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                rhs[i] += a[i * n + j] * x[j];
            }
        }
        Cholesky c = Cholesky.of(a, n);
        assertArrayEquals(x, c.solve(rhs), 1e-9);
        // the inverse's diagonal: e_jᵀ A⁻¹ e_j, one solve per column
        double[] diag = c.inverseDiagonal();
        for (int j = 0; j < n; j += 7) {
            double[] e = new double[n];
            e[j] = 1;
            assertEquals(c.solve(e)[j], diag[j], 1e-10);
        }
    }

    @Test
    void notPositiveDefinite_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> Cholesky.of(new double[]{1, 2, 2, 1}, 2));
        assertThrows(IllegalArgumentException.class, () -> Cholesky.of(new double[]{0}, 1));
    }
}
