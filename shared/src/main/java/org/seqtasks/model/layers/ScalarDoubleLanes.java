package org.seqtasks.model.layers;

import java.nio.Buffer;
import java.nio.DoubleBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Plain loops in double precision: the path the gradient checks run, and the readable statement of each operation. */
final class ScalarDoubleLanes extends Lanes<double[]> {
    static final ScalarDoubleLanes INSTANCE = new ScalarDoubleLanes();

    private ScalarDoubleLanes() {}

    private static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    private static double at(double[] a, int i) {
        return a == null ? 0.0 : a[i];
    }

    @Override
    double[] alloc(int n) {
        return new double[n];
    }

    @Override
    Buffer nio(INDArray array) {
        return array.data().asNioDouble();
    }

    @Override
    void load(Buffer src, long from, double[] dst, int dstOff, int n) {
        ((DoubleBuffer) src).get(Math.toIntExact(from), dst, dstOff, n);
    }

    @Override
    void store(double[] src, int srcOff, Buffer dst, long to, int n) {
        ((DoubleBuffer) dst).put(Math.toIntExact(to), src, srcOff, n);
    }

    @Override
    void fill(double[] a, int off, int n, double value) {
        Arrays.fill(a, off, off + n, value);
    }

    @Override
    void copy(double[] src, int srcOff, double[] dst, int dstOff, int n) {
        System.arraycopy(src, srcOff, dst, dstOff, n);
    }

    @Override
    void sigmoid(double[] x, int xo, double[] y, int yo, double[] b, int bo, double[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = sigmoid(x[xo + i] + at(y, yo + i) + at(b, bo + i));
        }
    }

    @Override
    void tanh(double[] x, int xo, double[] y, int yo, double[] b, int bo, double[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = Math.tanh(x[xo + i] + at(y, yo + i) + at(b, bo + i));
        }
    }

    @Override
    void tanhResetAfter(
            double[] x,
            int xo,
            double[] b,
            int bo,
            double[] r,
            int ro,
            double[] y,
            int yo,
            double[] c,
            int co,
            double[] yc,
            int yco,
            double[] out,
            int oo,
            int n) {
        for (int i = 0; i < n; i++) {
            double h = y[yo + i] + c[co + i];
            yc[yco + i] = h;
            out[oo + i] = Math.tanh(x[xo + i] + b[bo + i] + r[ro + i] * h);
        }
    }

    @Override
    void mul(double[] a, int ao, double[] b, int bo, double[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = a[ao + i] * b[bo + i];
        }
    }

    @Override
    void mulAdd(
            double[] a,
            int ao,
            double[] b,
            int bo,
            double[] c,
            int co,
            double[] d,
            int dO,
            double[] out,
            int oo,
            int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = a[ao + i] * b[bo + i] + c[co + i] * d[dO + i];
        }
    }

    @Override
    void lerp(double[] a, int ao, double[] b, int bo, double[] z, int zo, double[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = a[ao + i] + z[zo + i] * (b[bo + i] - a[ao + i]);
        }
    }

    @Override
    void sigmoidGrad(double[] a, int ao, double[] b, int bo, double[] y, int yo, double[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            double v = y[yo + i];
            out[oo + i] = a[ao + i] * (b == null ? 1.0 : b[bo + i]) * v * (1.0 - v);
        }
    }

    @Override
    void tanhGrad(
            double[] a,
            int ao,
            double[] b,
            int bo,
            double[] y,
            int yo,
            double[] add,
            int addO,
            double[] out,
            int oo,
            int n) {
        for (int i = 0; i < n; i++) {
            double v = y[yo + i];
            out[oo + i] = a[ao + i] * (b == null ? 1.0 : b[bo + i]) * (1.0 - v * v) + at(add, addO + i);
        }
    }

    @Override
    void mulDiff(double[] a, int ao, double[] b, int bo, double[] c, int co, double[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = a[ao + i] * (b[bo + i] - c[co + i]);
        }
    }

    @Override
    void sub(double[] a, int ao, double[] b, int bo, double[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = a[ao + i] - b[bo + i];
        }
    }

    @Override
    void scale(double[] a, int off, int n, double s) {
        for (int i = 0; i < n; i++) {
            a[off + i] *= s;
        }
    }

    @Override
    void axpy(double s, double[] x, int xo, double[] acc, int acco, int n) {
        double f = s;
        for (int i = 0; i < n; i++) {
            acc[acco + i] += f * x[xo + i];
        }
    }

    @Override
    void addTo(double[] x, int xo, double[] acc, int acco, int n) {
        for (int i = 0; i < n; i++) {
            acc[acco + i] += x[xo + i];
        }
    }
}
