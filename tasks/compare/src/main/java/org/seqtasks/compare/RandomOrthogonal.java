package org.seqtasks.compare;

import java.util.Random;

/**
 * Random orthogonal matrices (Gram-Schmidt on a Gaussian matrix). Every eigenvalue of an orthogonal
 * matrix has modulus 1, so {@code scale × Q} has spectral radius exactly {@code scale}: the recurrent
 * weights of the gradient-flow experiment, where the scale alone decides vanishing or exploding.
 */
final class RandomOrthogonal {
    private RandomOrthogonal() {}

    /** An {@code n × n} orthogonal matrix, row-major. */
    static double[][] matrix(int n, Random random) {
        double[][] q = new double[n][n];
        for (int col = 0; col < n; col++) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = random.nextGaussian();
            }
            for (int prev = 0; prev < col; prev++) {
                double dot = 0;
                for (int i = 0; i < n; i++) {
                    dot += v[i] * q[i][prev];
                }
                for (int i = 0; i < n; i++) {
                    v[i] -= dot * q[i][prev];
                }
            }
            double norm = 0;
            for (double x : v) {
                norm += x * x;
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < n; i++) {
                q[i][col] = v[i] / norm;
            }
        }
        return q;
    }
}
