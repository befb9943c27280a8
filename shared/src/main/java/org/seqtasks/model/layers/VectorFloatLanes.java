package org.seqtasks.model.layers;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ScalarFloatLanes} with the main part of every loop in SIMD lanes (16 floats with AVX-512); the
 * remainder runs through the scalar loop. Loaded only when the Vector API module is present.
 *
 * <p>The exponential is computed here from additions and multiplications, not with the Vector API's {@code EXP}:
 * JDK 17 computes that one with one routine in compiled code and another before compilation, so the same
 * network's outputs changed in the last bit as the JIT warmed up, and a run was not repeatable within one JVM.
 */
final class VectorFloatLanes extends ScalarFloatLanes {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private static FloatVector v(float[] a, int off) {
        return FloatVector.fromArray(S, a, off);
    }

    // exp(x) = 2^n * e^r with n = round(x / ln 2), |r| <= ln 2 / 2; ln 2 split in two for an exact reduction and
    // e^r by a degree-6 polynomial (the single-precision coefficients of Cephes' expf, within about 1 ulp). The
    // rounding
    // adds 1.5 * 2^23, which leaves n in the low bits of the sum: no float-to-int conversion, which JDK 17 does not
    // compile to SIMD instructions (it showed as the top of the profile).
    private static final float EXP_MAX = 88f; // so that n <= 127: 2^n is built from its bits
    private static final float EXP_MIN = -87.33654f;
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HIGH = 0.693359375f;
    private static final float LN2_LOW = -2.12194440e-4f;
    private static final float ROUNDING = 12582912f;
    private static final int ROUNDING_BITS = Float.floatToRawIntBits(ROUNDING);
    private static final float[] EXP_POLYNOMIAL = {
        1.9875691500e-4f, 1.3981999507e-3f, 8.3334519073e-3f, 4.1665795894e-2f, 1.6666665459e-1f, 5.0000001201e-1f
    };

    private static FloatVector exp(FloatVector x) {
        x = x.max(EXP_MIN).min(EXP_MAX);
        FloatVector shifted = x.fma(FloatVector.broadcast(S, LOG2E), FloatVector.broadcast(S, ROUNDING));
        FloatVector n = shifted.sub(ROUNDING);
        FloatVector r = n.fma(FloatVector.broadcast(S, -LN2_HIGH), x);
        r = n.fma(FloatVector.broadcast(S, -LN2_LOW), r);
        FloatVector p = FloatVector.broadcast(S, EXP_POLYNOMIAL[0]);
        for (int i = 1; i < EXP_POLYNOMIAL.length; i++) {
            p = p.fma(r, FloatVector.broadcast(S, EXP_POLYNOMIAL[i]));
        }
        FloatVector er = p.fma(r.mul(r), r.add(1f));
        IntVector bits = ((IntVector) shifted.reinterpretAsInts())
                .sub(ROUNDING_BITS - 127)
                .lanewise(VectorOperators.LSHL, 23);
        return er.mul(bits.reinterpretAsFloats());
    }

    private static FloatVector sigmoid(FloatVector x) {
        return FloatVector.broadcast(S, 1f).div(exp(x.neg()).add(1f));
    }

    /** tanh(x) = 1 - 2 / (1 + e^{2x}). */
    private static FloatVector tanh(FloatVector x) {
        return FloatVector.broadcast(S, 1f)
                .sub(FloatVector.broadcast(S, 2f).div(exp(x.add(x)).add(1f)));
    }

    private static FloatVector sum(float[] x, int xo, float[] y, int yo, float[] b, int bo, int i) {
        FloatVector s = v(x, xo + i);
        if (y != null) {
            s = s.add(v(y, yo + i));
        }
        if (b != null) {
            s = s.add(v(b, bo + i));
        }
        return s;
    }

    @Override
    void sigmoid(float[] x, int xo, float[] y, int yo, float[] b, int bo, float[] out, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            sigmoid(sum(x, xo, y, yo, b, bo, i)).intoArray(out, oo + i);
        }
        super.sigmoid(x, xo + i, y, yo + i, b, bo + i, out, oo + i, n - i);
    }

    @Override
    void tanh(float[] x, int xo, float[] y, int yo, float[] b, int bo, float[] out, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            tanh(sum(x, xo, y, yo, b, bo, i)).intoArray(out, oo + i);
        }
        super.tanh(x, xo + i, y, yo + i, b, bo + i, out, oo + i, n - i);
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
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector h = v(y, yo + i).add(v(c, co + i));
            h.intoArray(yc, yco + i);
            tanh(v(r, ro + i).fma(h, v(x, xo + i).add(v(b, bo + i)))).intoArray(out, oo + i);
        }
        super.tanhResetAfter(x, xo + i, b, bo + i, r, ro + i, y, yo + i, c, co + i, yc, yco + i, out, oo + i, n - i);
    }

    @Override
    void mul(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            v(a, ao + i).mul(v(b, bo + i)).intoArray(out, oo + i);
        }
        super.mul(a, ao + i, b, bo + i, out, oo + i, n - i);
    }

    @Override
    void mulAdd(
            float[] a, int ao, float[] b, int bo, float[] c, int co, float[] d, int dO, float[] out, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            v(a, ao + i).fma(v(b, bo + i), v(c, co + i).mul(v(d, dO + i))).intoArray(out, oo + i);
        }
        super.mulAdd(a, ao + i, b, bo + i, c, co + i, d, dO + i, out, oo + i, n - i);
    }

    @Override
    void lerp(float[] a, int ao, float[] b, int bo, float[] z, int zo, float[] out, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector va = v(a, ao + i);
            v(z, zo + i).fma(v(b, bo + i).sub(va), va).intoArray(out, oo + i);
        }
        super.lerp(a, ao + i, b, bo + i, z, zo + i, out, oo + i, n - i);
    }

    @Override
    void sigmoidGrad(float[] a, int ao, float[] b, int bo, float[] y, int yo, float[] out, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector vy = v(y, yo + i);
            FloatVector g = v(a, ao + i);
            if (b != null) {
                g = g.mul(v(b, bo + i));
            }
            g.mul(vy).mul(vy.neg().add(1f)).intoArray(out, oo + i);
        }
        super.sigmoidGrad(a, ao + i, b, bo + i, y, yo + i, out, oo + i, n - i);
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
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector vy = v(y, yo + i);
            FloatVector g = v(a, ao + i);
            if (b != null) {
                g = g.mul(v(b, bo + i));
            }
            FloatVector r = g.mul(vy.fma(vy.neg(), FloatVector.broadcast(S, 1f)));
            if (add != null) {
                r = r.add(v(add, addO + i));
            }
            r.intoArray(out, oo + i);
        }
        super.tanhGrad(a, ao + i, b, bo + i, y, yo + i, add, addO + i, out, oo + i, n - i);
    }

    @Override
    void mulDiff(float[] a, int ao, float[] b, int bo, float[] c, int co, float[] out, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            v(a, ao + i).mul(v(b, bo + i).sub(v(c, co + i))).intoArray(out, oo + i);
        }
        super.mulDiff(a, ao + i, b, bo + i, c, co + i, out, oo + i, n - i);
    }

    @Override
    void sub(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            v(a, ao + i).sub(v(b, bo + i)).intoArray(out, oo + i);
        }
        super.sub(a, ao + i, b, bo + i, out, oo + i, n - i);
    }

    @Override
    void axpy(double s, float[] x, int xo, float[] acc, int acco, int n) {
        FloatVector f = FloatVector.broadcast(S, (float) s);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            v(x, xo + i).fma(f, v(acc, acco + i)).intoArray(acc, acco + i);
        }
        super.axpy(s, x, xo + i, acc, acco + i, n - i);
    }

    @Override
    void addTo(float[] x, int xo, float[] acc, int acco, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            v(acc, acco + i).add(v(x, xo + i)).intoArray(acc, acco + i);
        }
        super.addTo(x, xo + i, acc, acco + i, n - i);
    }
}
