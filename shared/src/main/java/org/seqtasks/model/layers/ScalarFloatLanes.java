package org.seqtasks.model.layers;

import java.nio.Buffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Plain loops in single precision: the path when {@code jdk.incubator.vector} is absent, and the tail of every
 * vectorised loop in {@link VectorFloatLanes} (which extends it).
 */
class ScalarFloatLanes extends Lanes<float[]> {
    static final ScalarFloatLanes INSTANCE = new ScalarFloatLanes();

    ScalarFloatLanes() {}

    static float sigmoid(float x) {
        return 1f / (1f + (float) Math.exp(-x));
    }

    private static float at(float[] a, int i) {
        return a == null ? 0f : a[i];
    }

    @Override
    float[] alloc(int n) {
        return new float[n];
    }

    @Override
    Buffer nio(INDArray array) {
        return array.data().asNioFloat();
    }

    @Override
    void load(Buffer src, long from, float[] dst, int dstOff, int n) {
        ((FloatBuffer) src).get(Math.toIntExact(from), dst, dstOff, n);
    }

    @Override
    void store(float[] src, int srcOff, Buffer dst, long to, int n) {
        ((FloatBuffer) dst).put(Math.toIntExact(to), src, srcOff, n);
    }

    @Override
    void fill(float[] a, int off, int n, double value) {
        Arrays.fill(a, off, off + n, (float) value);
    }

    @Override
    void copy(float[] src, int srcOff, float[] dst, int dstOff, int n) {
        System.arraycopy(src, srcOff, dst, dstOff, n);
    }

    @Override
    void sigmoid(float[] x, int xo, float[] y, int yo, float[] b, int bo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = sigmoid(x[xo + i] + at(y, yo + i) + at(b, bo + i));
        }
    }

    @Override
    void tanh(float[] x, int xo, float[] y, int yo, float[] b, int bo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = (float) Math.tanh(x[xo + i] + at(y, yo + i) + at(b, bo + i));
        }
    }

    @Override
    void tanhResetAfter(
            float[] x,
            int xo,
            float[] b,
            int bo,
            float[] r,
            int ro,
            float[] y,
            int yo,
            float[] c,
            int co,
            float[] yc,
            int yco,
            float[] out,
            int oo,
            int n) {
        for (int i = 0; i < n; i++) {
            float h = y[yo + i] + c[co + i];
            yc[yco + i] = h;
            out[oo + i] = (float) Math.tanh(x[xo + i] + b[bo + i] + r[ro + i] * h);
        }
    }

    @Override
    void mul(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = a[ao + i] * b[bo + i];
        }
    }

    @Override
    void mulAdd(
            float[] a, int ao, float[] b, int bo, float[] c, int co, float[] d, int dO, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = a[ao + i] * b[bo + i] + c[co + i] * d[dO + i];
        }
    }

    @Override
    void lerp(float[] a, int ao, float[] b, int bo, float[] z, int zo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = a[ao + i] + z[zo + i] * (b[bo + i] - a[ao + i]);
        }
    }

    @Override
    void sigmoidGrad(float[] a, int ao, float[] b, int bo, float[] y, int yo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            float v = y[yo + i];
            out[oo + i] = a[ao + i] * (b == null ? 1f : b[bo + i]) * v * (1f - v);
        }
    }

    @Override
    void tanhGrad(
            float[] a,
            int ao,
            float[] b,
            int bo,
            float[] y,
            int yo,
            float[] add,
            int addO,
            float[] out,
            int oo,
            int n) {
        for (int i = 0; i < n; i++) {
            float v = y[yo + i];
            out[oo + i] = a[ao + i] * (b == null ? 1f : b[bo + i]) * (1f - v * v) + at(add, addO + i);
        }
    }

    @Override
    void mulDiff(float[] a, int ao, float[] b, int bo, float[] c, int co, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = a[ao + i] * (b[bo + i] - c[co + i]);
        }
    }

    @Override
    void sub(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = a[ao + i] - b[bo + i];
        }
    }

    @Override
    void scale(float[] a, int off, int n, double s) {
        float f = (float) s;
        for (int i = 0; i < n; i++) {
            a[off + i] *= f;
        }
    }

    @Override
    void axpy(double s, float[] x, int xo, float[] acc, int acco, int n) {
        float f = (float) s;
        for (int i = 0; i < n; i++) {
            acc[acco + i] += f * x[xo + i];
        }
    }

    @Override
    void addTo(float[] x, int xo, float[] acc, int acco, int n) {
        for (int i = 0; i < n; i++) {
            acc[acco + i] += x[xo + i];
        }
    }
}
