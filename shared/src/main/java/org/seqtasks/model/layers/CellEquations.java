package org.seqtasks.model.layers;

/**
 * One recurrent cell's equations for one time step, on rows {@code [r0, r1)} of a batch, apart from the matrix
 * products (which {@link SequencePass} does with BLAS for the whole batch). Rows are laid out one after another:
 * a unit-wide array holds row {@code b} at {@code b * H}, a gate-wide array at {@code b * G} with {@code G = blocks * H}.
 * A masked row ({@code mask 0}) outputs zeros and carries a zero state to the next step, as DL4J's LSTM does.
 */
abstract class CellEquations {
    /** Gate blocks per unit: the width of the input and recurrent weight matrices is {@code blocks * H}. */
    final int blocks;
    /** LSTM's cell state c, carried beside h. */
    final boolean carriesCell;
    /** GRU (reset after): the recurrent product enters the candidate through the reset gate, so it is kept apart. */
    final boolean separateRecurrent;

    CellEquations(int blocks, boolean carriesCell, boolean separateRecurrent) {
        this.blocks = blocks;
        this.carriesCell = carriesCell;
        this.separateRecurrent = separateRecurrent;
    }

    /** The arrays of one time step. The layer points them at its buffers before each call. */
    static final class Step<A> {
        /** Pre-activations from the input (plus the recurrent product unless kept apart), gate-wide. */
        A z;
        /** The recurrent product h_{t-1} RW, gate-wide (separateRecurrent cells only). */
        A zh;

        A bias;
        /** GRU's recurrent bias of the candidate, unit-wide. */
        A recurrentBias;

        A hPrev;
        A cPrev;
        A h;
        A c;
        /** The gate activations kept for the backward pass, gate-wide. */
        A gates;
        /** One more unit-wide value kept for the backward pass (LSTM: tanh(c); GRU: the recurrent candidate term). */
        A aux;
        /** Per row of the step, 1 for a real step; null when there is no mask. */
        double[] mask;

        int maskOffset;
        /** Backward: dL/dh_t in, scaled in place. */
        A dh;
        /** Backward: dL/dc_t in, dL/dc_{t-1} out. */
        A dc;
        /** Backward: the part of dL/dh_{t-1} that does not pass through RW (GRU's update-gate path). */
        A dhPrevDirect;
        /** Backward: dL/dz out, gate-wide. */
        A dz;
        /** Backward: dL/d(recurrent product) out, gate-wide (separateRecurrent cells only). */
        A dzh;

        double mask(int row) {
            return mask == null ? 1.0 : mask[maskOffset + row];
        }
    }

    abstract <A> void forward(Lanes<A> l, Step<A> s, int hidden, int r0, int r1);

    abstract <A> void backward(Lanes<A> l, Step<A> s, int hidden, int r0, int r1);

    /**
     * DL4J's LSTM without peepholes. Gate blocks in DL4J's order: [g (block input, tanh), f, o, i].
     * c_t = f c_{t-1} + i g, h_t = o tanh(c_t).
     */
    static final CellEquations LSTM = new CellEquations(4, true, false) {
        @Override
        <A> void forward(Lanes<A> l, Step<A> s, int hd, int r0, int r1) {
            int g = 4 * hd;
            for (int b = r0; b < r1; b++) {
                int zo = b * g;
                int ho = b * hd;
                l.tanh(s.z, zo, null, 0, s.bias, 0, s.gates, zo, hd);
                l.sigmoid(s.z, zo + hd, null, 0, s.bias, hd, s.gates, zo + hd, 3 * hd);
                l.mulAdd(s.gates, zo + hd, s.cPrev, ho, s.gates, zo + 3 * hd, s.gates, zo, s.c, ho, hd);
                l.tanh(s.c, ho, null, 0, null, 0, s.aux, ho, hd);
                l.mul(s.gates, zo + 2 * hd, s.aux, ho, s.h, ho, hd);
                double m = s.mask(b);
                if (m != 1.0) {
                    l.scale(s.h, ho, hd, m);
                    l.scale(s.c, ho, hd, m);
                }
            }
        }

        @Override
        <A> void backward(Lanes<A> l, Step<A> s, int hd, int r0, int r1) {
            int g = 4 * hd;
            for (int b = r0; b < r1; b++) {
                int zo = b * g;
                int ho = b * hd;
                double m = s.mask(b);
                if (m != 1.0) {
                    l.scale(s.dh, ho, hd, m);
                    l.scale(s.dc, ho, hd, m);
                }
                // dL/dc_t, all paths: through h_t = o tanh(c_t), and through c_{t+1} (already in dc)
                l.tanhGrad(s.dh, ho, s.gates, zo + 2 * hd, s.aux, ho, s.dc, ho, s.dc, ho, hd);
                l.sigmoidGrad(s.dh, ho, s.aux, ho, s.gates, zo + 2 * hd, s.dz, zo + 2 * hd, hd);
                l.sigmoidGrad(s.dc, ho, s.gates, zo, s.gates, zo + 3 * hd, s.dz, zo + 3 * hd, hd);
                l.tanhGrad(s.dc, ho, s.gates, zo + 3 * hd, s.gates, zo, null, 0, s.dz, zo, hd);
                l.sigmoidGrad(s.dc, ho, s.cPrev, ho, s.gates, zo + hd, s.dz, zo + hd, hd);
                l.mul(s.dc, ho, s.gates, zo + hd, s.dc, ho, hd);
            }
        }
    };

    /** DL4J's SimpleRnn: h_t = tanh(x_t W + h_{t-1} RW + b). */
    static final CellEquations SIMPLE_RNN = new CellEquations(1, false, false) {
        @Override
        <A> void forward(Lanes<A> l, Step<A> s, int hd, int r0, int r1) {
            for (int b = r0; b < r1; b++) {
                int ho = b * hd;
                l.tanh(s.z, ho, null, 0, s.bias, 0, s.gates, ho, hd);
                l.copy(s.gates, ho, s.h, ho, hd);
                double m = s.mask(b);
                if (m != 1.0) {
                    l.scale(s.h, ho, hd, m);
                }
            }
        }

        @Override
        <A> void backward(Lanes<A> l, Step<A> s, int hd, int r0, int r1) {
            for (int b = r0; b < r1; b++) {
                double m = s.mask(b);
                if (m != 1.0) {
                    l.scale(s.dh, b * hd, hd, m);
                }
            }
            int n = (r1 - r0) * hd;
            l.tanhGrad(s.dh, r0 * hd, null, 0, s.gates, r0 * hd, null, 0, s.dz, r0 * hd, n);
        }
    };

    /**
     * GRU, reset after the recurrent product (see {@link Gru}). Gate blocks [r, z, n]; the recurrent product is kept
     * apart ({@code zh}) because the reset gate scales its candidate block.
     */
    static final CellEquations GRU = new CellEquations(3, false, true) {
        @Override
        <A> void forward(Lanes<A> l, Step<A> s, int hd, int r0, int r1) {
            int g = 3 * hd;
            for (int b = r0; b < r1; b++) {
                int zo = b * g;
                int ho = b * hd;
                l.sigmoid(s.z, zo, s.zh, zo, s.bias, 0, s.gates, zo, 2 * hd);
                l.tanhResetAfter(
                        s.z,
                        zo + 2 * hd,
                        s.bias,
                        2 * hd,
                        s.gates,
                        zo,
                        s.zh,
                        zo + 2 * hd,
                        s.recurrentBias,
                        0,
                        s.aux,
                        ho,
                        s.gates,
                        zo + 2 * hd,
                        hd);
                l.lerp(s.gates, zo + 2 * hd, s.hPrev, ho, s.gates, zo + hd, s.h, ho, hd);
                double m = s.mask(b);
                if (m != 1.0) {
                    l.scale(s.h, ho, hd, m);
                }
            }
        }

        @Override
        <A> void backward(Lanes<A> l, Step<A> s, int hd, int r0, int r1) {
            int g = 3 * hd;
            for (int b = r0; b < r1; b++) {
                int zo = b * g;
                int ho = b * hd;
                double m = s.mask(b);
                if (m != 1.0) {
                    l.scale(s.dh, ho, hd, m);
                }
                int n = zo + 2 * hd;
                l.mul(
                        s.dh,
                        ho,
                        s.gates,
                        zo + hd,
                        s.dhPrevDirect,
                        ho,
                        hd); // h' = n + z (h - n): z dh reaches h directly
                l.sub(s.dh, ho, s.dhPrevDirect, ho, s.dz, n, hd); // dL/dn = (1 - z) dh
                l.tanhGrad(s.dz, n, null, 0, s.gates, n, null, 0, s.dz, n, hd); // through n's tanh
                l.mul(s.dz, n, s.gates, zo, s.dzh, n, hd); // the recurrent term, scaled by r
                l.sigmoidGrad(s.dz, n, s.aux, ho, s.gates, zo, s.dz, zo, hd); // r: through r * (h RW_n + RB)
                l.mulDiff(s.dh, ho, s.hPrev, ho, s.gates, n, s.dz, zo + hd, hd); // z: dh (h - n)
                l.sigmoidGrad(s.dz, zo + hd, null, 0, s.gates, zo + hd, s.dz, zo + hd, hd);
                l.copy(s.dz, zo, s.dzh, zo, 2 * hd); // r and z see x W and h RW alike
            }
        }
    };
}
