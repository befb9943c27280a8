package org.seqtasks.model.layers;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ScalarFloatLanes} with the main part of every loop in SIMD lanes (16 floats with AVX-512); the
 * remainder runs through the scalar loop. Loaded only when the Vector API module is present.
 */
final class VectorFloatLanes extends ScalarFloatLanes {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private static FloatVector v(float[] a, int off) {
        return FloatVector.fromArray(S, a, off);
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
            FloatVector e = sum(x, xo, y, yo, b, bo, i).neg().lanewise(VectorOperators.EXP);
            FloatVector.broadcast(S, 1f).div(e.add(1f)).intoArray(out, oo + i);
        }
        super.sigmoid(x, xo + i, y, yo + i, b, bo + i, out, oo + i, n - i);
    }

    @Override
    void tanh(float[] x, int xo, float[] y, int yo, float[] b, int bo, float[] out, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            sum(x, xo, y, yo, b, bo, i).lanewise(VectorOperators.TANH).intoArray(out, oo + i);
        }
        super.tanh(x, xo + i, y, yo + i, b, bo + i, out, oo + i, n - i);
    }

    @Override
    void tanhResetAfter(float[] x, int xo, float[] b, int bo, float[] r, int ro, float[] y, int yo, float[] c, int co,
                        float[] yc, int yco, float[] out, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector h = v(y, yo + i).add(v(c, co + i));
            h.intoArray(yc, yco + i);
            v(r, ro + i).fma(h, v(x, xo + i).add(v(b, bo + i))).lanewise(VectorOperators.TANH).intoArray(out, oo + i);
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
    void mulAdd(float[] a, int ao, float[] b, int bo, float[] c, int co, float[] d, int dO, float[] out, int oo, int n) {
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
    void tanhGrad(float[] a, int ao, float[] b, int bo, float[] y, int yo, float[] add, int addO, float[] out, int oo, int n) {
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
    void addTo(float[] x, int xo, float[] acc, int acco, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            v(acc, acco + i).add(v(x, xo + i)).intoArray(acc, acco + i);
        }
        super.addTo(x, xo + i, acc, acco + i, n - i);
    }
}
