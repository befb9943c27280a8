package org.seqtasks.model.layers;

import java.nio.Buffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The forward and backward pass of one recurrent layer over a segment, with its buffers. Rows are time-major
 * ({@code t * B + b}), so that per time step the batch is one contiguous block:
 * <ul>
 *   <li>the input projection {@code X W} of all steps is one matrix product;
 *   <li>each step adds {@code h_{t-1} RW} with one product into that block, then the cell's gate arithmetic runs
 *       on Java arrays ({@link Lanes}, vectorised);
 *   <li>backward mirrors it: per step the gate gradients, then one product for {@code dL/dh_{t-1}}; the weight
 *       gradients and {@code dL/dX} are three large products at the end.
 * </ul>
 * The buffers live outside DL4J's workspaces and grow to the largest batch and segment seen; after a training
 * forward pass they hold everything the backward pass needs, so backprop does not recompute the forward pass.
 */
final class SequencePass<A> {
    private final Lanes<A> l;
    private final CellEquations cell;
    private final DataType type;
    private final int nIn;
    private final int hd;
    private final int g;

    private int capT;
    private int capB;
    private int t;
    private int b;

    private INDArray x;
    private INDArray z;
    private INDArray zh;
    private INDArray h;
    private INDArray eps;
    private INDArray dz;
    private INDArray dzh;
    private INDArray dhRec;
    private INDArray dx;
    private Buffer zNio;
    private Buffer zhNio;
    private Buffer hNio;
    private Buffer epsNio;
    private Buffer dzNio;
    private Buffer dzhNio;
    private Buffer dhRecNio;

    private A[] gates;
    private A[] aux;
    private A[] hs;
    private A[] cs;
    private A zStep;
    private A zhStep;
    private A dhStep;
    private A dcStep;
    private A dhDirect;
    private A dzStep;
    private A dzhStep;
    private A recurrentIn;
    private A bias;
    private A recurrentBias;
    private double[] mask;
    private boolean maskInUse;
    private final Map<ViewKey, INDArray> views = new ConcurrentHashMap<>();

    SequencePass(Lanes<A> lanes, CellEquations cell, DataType type, int nIn, int hidden) {
        this.l = lanes;
        this.cell = cell;
        this.type = type;
        this.nIn = nIn;
        this.hd = hidden;
        this.g = cell.blocks * hidden;
    }

    int steps() {
        return t;
    }

    int batch() {
        return b;
    }

    @SuppressWarnings("unchecked")
    private void ensureCapacity(int steps, int batch) {
        t = steps;
        b = batch;
        if (steps <= capT && batch <= capB) {
            return;
        }
        capT = Math.max(steps, capT);
        capB = Math.max(batch, capB);
        long rows = (long) capT * capB;
        views.clear();
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            x = Nd4j.create(type, rows, nIn);
            z = Nd4j.create(type, rows, g);
            h = Nd4j.create(type, rows + capB, hd);
            eps = Nd4j.create(type, rows, hd);
            dz = Nd4j.create(type, rows, g);
            dhRec = Nd4j.create(type, capB, hd);
            dx = Nd4j.create(type, rows, nIn);
            if (cell.separateRecurrent) {
                zh = Nd4j.create(type, rows, g);
                dzh = Nd4j.create(type, rows, g);
            }
        }
        zNio = l.nio(z);
        hNio = l.nio(h);
        epsNio = l.nio(eps);
        dzNio = l.nio(dz);
        dhRecNio = l.nio(dhRec);
        zhNio = cell.separateRecurrent ? l.nio(zh) : null;
        dzhNio = cell.separateRecurrent ? l.nio(dzh) : null;
        gates = (A[]) new Object[capT];
        aux = (A[]) new Object[capT];
        hs = (A[]) new Object[capT + 1];
        cs = (A[]) new Object[capT + 1];
        for (int i = 0; i < capT; i++) {
            gates[i] = l.alloc(capB * g);
            aux[i] = l.alloc(capB * hd);
        }
        for (int i = 0; i <= capT; i++) {
            hs[i] = l.alloc(capB * hd);
            cs[i] = cell.carriesCell ? l.alloc(capB * hd) : null;
        }
        zStep = l.alloc(capB * g);
        zhStep = l.alloc(capB * g);
        dzStep = l.alloc(capB * g);
        dzhStep = l.alloc(capB * g);
        dhStep = l.alloc(capB * hd);
        dcStep = l.alloc(capB * hd);
        dhDirect = l.alloc(capB * hd);
        recurrentIn = l.alloc(capB * hd);
        mask = new double[capT * capB];
    }

    /** A block of a buffer's rows; views are kept, because creating one costs several percent of a step's product. */
    private INDArray rows(INDArray a, long from, long to) {
        return views.computeIfAbsent(new ViewKey(a, from, to), k -> {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                return a.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
            }
        });
    }

    /** A view's identity: its buffer (by reference, not by value) and its rows. */
    private record ViewKey(INDArray buffer, long from, long to) {
        @Override
        public boolean equals(Object o) {
            return o instanceof ViewKey k && k.buffer == buffer && k.from == from && k.to == to;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(buffer) * 31 + Long.hashCode(from * 1_000_003 + to);
        }
    }

    /** [B, n, T] (DL4J's NCW) into the first T*B rows of a time-major buffer. */
    private void toTimeMajor(INDArray ncw, INDArray buffer, int width) {
        rows(buffer, 0, (long) t * b).reshape('c', t, b, width).assign(ncw.permute(2, 0, 1));
    }

    /** The first T*B rows of a time-major buffer (starting at row {@code first}) as [B, n, T] values in {@code out}. */
    private void fromTimeMajor(INDArray buffer, long first, int width, INDArray out) {
        out.permute(2, 0, 1).assign(rows(buffer, first, first + (long) t * b).reshape('c', t, b, width));
    }

    /**
     * Runs the layer over {@code input} [B, nIn, T] from state {@code h0}/{@code c0} ([B, H], null = zeros), with an
     * optional {@code featureMask} [B, T]. {@code parameters}: W [nIn, G], RW [H, G], b [G] and, for GRU, the recurrent
     * candidate bias [H]. Writes the output, [B, H, T], into {@code out}.
     */
    void forward(
            INDArray input,
            INDArray featureMask,
            INDArray h0,
            INDArray c0,
            INDArray w,
            INDArray rw,
            INDArray bVector,
            INDArray recurrentBiasVector,
            INDArray out) {
        ensureCapacity((int) input.size(2), (int) input.size(0));
        int steps = t;
        int batch = b;
        toTimeMajor(input, x, nIn);
        bias = vector(bVector, bias, g);
        recurrentBias = recurrentBiasVector == null ? null : vector(recurrentBiasVector, recurrentBias, hd);
        boolean masked = featureMask != null;
        maskInUse = masked;
        if (masked) {
            double[][] m = featureMask.castTo(DataType.DOUBLE).toDoubleMatrix();
            for (int s = 0; s < steps; s++) {
                for (int r = 0; r < batch; r++) {
                    mask[s * batch + r] = m[r][s];
                }
            }
        }
        if (h0 == null) {
            rows(h, 0, batch).assign(0);
            l.fill(hs[0], 0, batch * hd, 0);
        } else {
            rows(h, 0, batch).assign(h0);
            l.load(hNio, 0, hs[0], 0, batch * hd);
        }
        if (cell.carriesCell) {
            if (c0 == null) {
                l.fill(cs[0], 0, batch * hd, 0);
            } else {
                try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                    INDArray c = c0.castTo(type).dup('c');
                    l.load(l.nio(c), 0, cs[0], 0, batch * hd);
                }
            }
        }
        // The input's part of every step's pre-activations at once; split by rows across the threads.
        RowParallel.forRows(
                steps * batch, (r0, r1) -> Nd4j.gemm(rows(x, r0, r1), w, rows(z, r0, r1), false, false, 1.0, 0.0));
        RowParallel.forRows(batch, (r0, r1) -> {
            CellEquations.Step<A> s = new CellEquations.Step<>();
            s.bias = bias;
            s.recurrentBias = recurrentBias;
            s.z = zStep;
            s.zh = zhStep;
            s.mask = masked ? mask : null;
            int n = r1 - r0;
            for (int step = 0; step < steps; step++) {
                long row = (long) step * batch + r0;
                INDArray hPrev = rows(h, row, row + n);
                if (cell.separateRecurrent) {
                    Nd4j.gemm(hPrev, rw, rows(zh, row, row + n), false, false, 1.0, 0.0);
                    l.load(zhNio, row * g, zhStep, r0 * g, n * g);
                } else {
                    Nd4j.gemm(hPrev, rw, rows(z, row, row + n), false, false, 1.0, 1.0);
                }
                l.load(zNio, row * g, zStep, r0 * g, n * g);
                atStep(s, step, batch);
                cell.forward(l, s, hd, r0, r1);
                l.store(s.h, r0 * hd, hNio, (row + batch) * hd, n * hd);
            }
        });
        fromTimeMajor(h, batch, hd, out);
    }

    /** Points a step's state and cache arrays at time {@code step}. */
    private void atStep(CellEquations.Step<A> s, int step, int batch) {
        s.hPrev = hs[step];
        s.h = hs[step + 1];
        s.cPrev = cs[step];
        s.c = cs[step + 1];
        s.gates = gates[step];
        s.aux = aux[step];
        s.maskOffset = step * batch;
    }

    /** The state after the last step, [B, H], written into {@code out} (h) or {@code outCell} (c). */
    void lastState(INDArray out, INDArray outCell) {
        out.assign(rows(h, (long) t * b, (long) (t + 1) * b));
        if (outCell != null && cell.carriesCell) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                INDArray c = Nd4j.create(type, b, hd);
                l.store(cs[t], 0, l.nio(c), 0, b * hd);
                outCell.assign(c);
            }
        }
    }

    /**
     * Backpropagates {@code epsilon} [B, H, T] (dL/d output) through the segment of the last forward pass, over its last
     * {@code backwardLength} steps (all when <= 0). Writes the parameter gradients into the given views,
     * dL/d input, [B, nIn, T], into {@code dInput} and, when {@code dInitialState} [B, H] is given, dL/dh_0 into it
     * (zeros when the backward pass stops short of the first step).
     */
    void backward(
            INDArray epsilon,
            int backwardLength,
            INDArray w,
            INDArray rw,
            INDArray dW,
            INDArray dRW,
            INDArray dB,
            INDArray dRecurrentBias,
            INDArray dInput,
            INDArray dInitialState) {
        int steps = t;
        int batch = b;
        int first = backwardLength > 0 ? Math.max(0, steps - backwardLength) : 0;
        boolean toInitialState = dInitialState != null && first == 0;
        toTimeMajor(epsilon, eps, hd);
        if (first > 0) {
            rows(dz, 0, (long) first * batch).assign(0);
            if (cell.separateRecurrent) {
                rows(dzh, 0, (long) first * batch).assign(0);
            }
        }
        A biasGradient = l.alloc(g);
        A recurrentBiasGradient = l.alloc(hd);
        RowParallel.forRows(batch, (r0, r1) -> {
            // Bias gradients summed here, per block of rows, as the step gradients are made (a column sum of the
            // whole dz matrix in ND4J afterwards cost a tenth of the backward pass).
            A blockBias = l.alloc(g);
            A blockRecurrentBias = l.alloc(hd);
            CellEquations.Step<A> s = new CellEquations.Step<>();
            s.bias = bias;
            s.recurrentBias = recurrentBias;
            s.dh = dhStep;
            s.dc = dcStep;
            s.dz = dzStep;
            s.dzh = cell.separateRecurrent ? dzhStep : dzStep;
            s.dhPrevDirect = dhDirect;
            s.mask = maskInUse ? mask : null;
            int n = r1 - r0;
            l.fill(dcStep, r0 * hd, n * hd, 0);
            l.fill(dhDirect, r0 * hd, n * hd, 0);
            for (int step = steps - 1; step >= first; step--) {
                long row = (long) step * batch + r0;
                l.load(epsNio, row * hd, dhStep, r0 * hd, n * hd);
                if (step < steps - 1) {
                    l.load(dhRecNio, (long) r0 * hd, recurrentIn, r0 * hd, n * hd);
                    l.addTo(recurrentIn, r0 * hd, dhStep, r0 * hd, n * hd);
                    if (cell.separateRecurrent) {
                        l.addTo(dhDirect, r0 * hd, dhStep, r0 * hd, n * hd);
                    }
                }
                atStep(s, step, batch);
                cell.backward(l, s, hd, r0, r1);
                for (int r = r0; r < r1; r++) {
                    l.addTo(dzStep, r * g, blockBias, 0, g);
                    if (cell.separateRecurrent) {
                        l.addTo(dzhStep, r * g + g - hd, blockRecurrentBias, 0, hd);
                    }
                }
                l.store(dzStep, r0 * g, dzNio, row * g, n * g);
                if (cell.separateRecurrent) {
                    l.store(dzhStep, r0 * g, dzhNio, row * g, n * g);
                }
                if (step > first || toInitialState) {
                    INDArray grad = rows(cell.separateRecurrent ? dzh : dz, row, row + n);
                    Nd4j.gemm(grad, rw, rows(dhRec, r0, r1), false, true, 1.0, 0.0);
                }
            }
            if (toInitialState && cell.separateRecurrent) {
                // GRU's h_0 also reaches h_1 directly, through the update gate
                l.load(dhRecNio, (long) r0 * hd, recurrentIn, r0 * hd, n * hd);
                l.addTo(dhDirect, r0 * hd, recurrentIn, r0 * hd, n * hd);
                l.store(recurrentIn, r0 * hd, dhRecNio, (long) r0 * hd, n * hd);
            }
            synchronized (biasGradient) {
                l.addTo(blockBias, 0, biasGradient, 0, g);
                l.addTo(blockRecurrentBias, 0, recurrentBiasGradient, 0, hd);
            }
        });
        long all = (long) steps * batch;
        INDArray dzAll = rows(dz, 0, all);
        INDArray dzhAll = cell.separateRecurrent ? rows(dzh, 0, all) : dzAll;
        RowParallel.all(
                () -> Nd4j.gemm(rows(x, 0, all), dzAll, dW, true, false, 1.0, 0.0),
                () -> Nd4j.gemm(rows(h, 0, all), dzhAll, dRW, true, false, 1.0, 0.0),
                () -> Nd4j.gemm(dzAll, w, rows(dx, 0, all), false, true, 1.0, 0.0));
        assignVector(biasGradient, g, dB);
        if (dRecurrentBias != null) {
            assignVector(recurrentBiasGradient, hd, dRecurrentBias);
        }
        fromTimeMajor(dx, 0, nIn, dInput);
        if (dInitialState != null) {
            if (toInitialState) {
                dInitialState.assign(rows(dhRec, 0, batch));
            } else {
                dInitialState.assign(0);
            }
        }
    }

    private void assignVector(A values, int n, INDArray target) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray dense = Nd4j.create(type, n);
            l.store(values, 0, l.nio(dense), 0, n);
            target.assign(dense.reshape(target.shape()));
        }
    }

    private A vector(INDArray v, A into, int n) {
        A a = into == null ? l.alloc(n) : into;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray dense = v.castTo(type).dup('c');
            l.load(l.nio(dense), 0, a, 0, n);
        }
        return a;
    }
}
