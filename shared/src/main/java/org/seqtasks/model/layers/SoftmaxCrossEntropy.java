package org.seqtasks.model.layers;

import java.util.Arrays;

/**
 * Softmax, multi-class cross-entropy and its gradient for {@code rows} rows of {@code classes} logits, in one pass
 * over flat column-major buffers (element (r, k) at {@code r + rows * k}, the layout of a [rows, classes] 'f'
 * matrix a single gemm writes). Column-major keeps every inner loop a contiguous run over rows, which the JIT
 * vectorises, instead of short runs over the classes of one row.
 *
 * <p>Matches DL4J's {@code LossMCXENT} with softmax exactly: the loss reads the probabilities clipped to
 * [eps, 1 - eps], the gradient uses them unclipped ({@code p - y}), and a row's mask multiplies both.
 */
final class SoftmaxCrossEntropy {
    private double[] rowMax = new double[0];
    private double[] rowSum = new double[0];

    /** z[r, k] <- softmax over k of (z[r, k] + bias[k]), in place. */
    void softmax(double[] z, int rows, int classes, double[] bias) {
        if (rowMax.length < rows) {
            rowMax = new double[rows];
            rowSum = new double[rows];
        }
        double[] max = rowMax;
        double[] sum = rowSum;
        Arrays.fill(max, 0, rows, Double.NEGATIVE_INFINITY);
        Arrays.fill(sum, 0, rows, 0);
        for (int k = 0; k < classes; k++) {
            int base = k * rows;
            double b = bias[k];
            for (int r = 0; r < rows; r++) {
                double v = z[base + r] + b;
                z[base + r] = v;
                max[r] = Math.max(max[r], v);
            }
        }
        for (int k = 0; k < classes; k++) {
            int base = k * rows;
            for (int r = 0; r < rows; r++) {
                double e = Math.exp(z[base + r] - max[r]);
                z[base + r] = e;
                sum[r] += e;
            }
        }
        for (int r = 0; r < rows; r++) {
            sum[r] = 1.0 / sum[r];
        }
        for (int k = 0; k < classes; k++) {
            int base = k * rows;
            for (int r = 0; r < rows; r++) {
                z[base + r] *= sum[r];
            }
        }
    }

    /** p[r, k] *= mask[r] (DL4J zeroes the output of a masked step); {@code mask} may be null. */
    static void maskRows(double[] p, int rows, int classes, double[] mask) {
        if (mask == null) {
            return;
        }
        for (int k = 0; k < classes; k++) {
            int base = k * rows;
            for (int r = 0; r < rows; r++) {
                p[base + r] *= mask[r];
            }
        }
    }

    /** The summed masked cross-entropy of probabilities {@code p} against labels {@code y}; {@code mask} may be null. */
    static double loss(double[] p, double[] y, int rows, int classes, double[] mask, double clipEps) {
        double total = 0;
        for (int k = 0; k < classes; k++) {
            int base = k * rows;
            for (int r = 0; r < rows; r++) {
                double label = y[base + r];
                if (label != 0) {
                    double pr = Math.min(Math.max(p[base + r], clipEps), 1 - clipEps);
                    double m = mask == null ? 1 : mask[r];
                    total -= label * Math.log(pr) * m;
                }
            }
        }
        return total;
    }

    /**
     * p[r, k] <- (p[r, k] - y[r, k]) * mask[r], the loss gradient with respect to the logits, in place; biasGrad[k]
     * receives its sum over rows. {@code mask} may be null.
     */
    static void gradient(double[] p, double[] y, int rows, int classes, double[] mask, double[] biasGrad) {
        for (int k = 0; k < classes; k++) {
            int base = k * rows;
            double s = 0;
            if (mask == null) {
                for (int r = 0; r < rows; r++) {
                    double d = p[base + r] - y[base + r];
                    p[base + r] = d;
                    s += d;
                }
            } else {
                for (int r = 0; r < rows; r++) {
                    double d = (p[base + r] - y[base + r]) * mask[r];
                    p[base + r] = d;
                    s += d;
                }
            }
            biasGrad[k] = s;
        }
    }
}
