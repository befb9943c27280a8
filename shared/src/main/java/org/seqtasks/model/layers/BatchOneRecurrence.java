package org.seqtasks.model.layers;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Generation one step at a time for one sequence: the weights of a trained network copied into Java arrays and the
 * recurrence run as matrix-vector products and the cells' own equations ({@link CellEquations}), with no per-op
 * dispatch. For a network of unidirectional LSTM / SimpleRnn (stock or fast) or GRU layers and a softmax output layer,
 * the character language model's shape. Equal to the network's {@code rnnTimeStep} (tested) and much faster at
 * batch 1, where {@code rnnTimeStep} spends its time in dispatch, not arithmetic.
 */
public final class BatchOneRecurrence {
    private static final Lanes<float[]> L = VectorSupport.floatLanes();

    private record Recurrent(CellEquations cell, int nIn, int hidden, float[] w, float[] rw, float[] bias, float[] recurrentBias) {
    }

    private final List<Recurrent> layers = new ArrayList<>();
    private final List<CellEquations.Step<float[]>> steps = new ArrayList<>();
    private final float[] outW;
    private final float[] outB;
    private final float[] probabilities;
    private final int nIn;

    private BatchOneRecurrence(MultiLayerNetwork net) {
        int n = net.getnLayers();
        for (int i = 0; i < n - 1; i++) {
            Layer conf = net.getLayer(i).conf().getLayer();
            CellEquations cell = conf instanceof LSTM ? CellEquations.LSTM
                    : conf instanceof SimpleRnn ? CellEquations.SIMPLE_RNN : conf instanceof Gru ? CellEquations.GRU : null;
            if (cell == null) {
                throw new IllegalArgumentException("batch-1 stepping covers LSTM, SimpleRnn and GRU layers; layer " + i + " is "
                        + conf.getClass().getSimpleName());
            }
            var ff = (org.deeplearning4j.nn.conf.layers.FeedForwardLayer) conf;
            Recurrent r = new Recurrent(cell, (int) ff.getNIn(), (int) ff.getNOut(), rowMajor(net.getParam(i + "_W")),
                    rowMajor(net.getParam(i + "_RW")), rowMajor(net.getParam(i + "_b")),
                    cell.separateRecurrent ? rowMajor(net.getParam(i + "_" + GruParamInitializer.RECURRENT_BIAS)) : null);
            layers.add(r);
            CellEquations.Step<float[]> s = new CellEquations.Step<>();
            int g = cell.blocks * r.hidden();
            s.z = new float[g];
            s.gates = new float[g];
            s.aux = new float[r.hidden()];
            s.bias = r.bias();
            s.recurrentBias = r.recurrentBias();
            s.zh = new float[g];
            s.hPrev = new float[r.hidden()];
            s.h = new float[r.hidden()];
            s.cPrev = new float[r.hidden()];
            s.c = new float[r.hidden()];
            steps.add(s);
        }
        Layer out = net.getLayer(n - 1).conf().getLayer();
        if (!(out instanceof BaseOutputLayer o) || !(o.getActivationFn() instanceof ActivationSoftmax) || layers.isEmpty()) {
            throw new IllegalArgumentException("batch-1 stepping needs recurrent layers followed by a softmax output layer");
        }
        outW = rowMajor(net.getParam((n - 1) + "_W"));
        outB = rowMajor(net.getParam((n - 1) + "_b"));
        probabilities = new float[outB.length];
        nIn = layers.get(0).nIn();
    }

    /** The stepper of a trained network (weights copied now: later training does not reach it). */
    public static BatchOneRecurrence of(MultiLayerNetwork net) {
        return new BatchOneRecurrence(net);
    }

    private static float[] rowMajor(INDArray a) {
        return a.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }

    /** Forgets the sequence so far (state back to zeros). */
    public void reset() {
        for (CellEquations.Step<float[]> s : steps) {
            java.util.Arrays.fill(s.h, 0f);
            java.util.Arrays.fill(s.c, 0f);
        }
    }

    /** Feeds token {@code id} as a one-hot input; returns the next-token distribution (a buffer reused by the next call). */
    public float[] next(int id) {
        if (id < 0 || id >= nIn) {
            throw new IllegalArgumentException("token id " + id + " outside the input's " + nIn + " classes");
        }
        float[] in = null;
        for (int i = 0; i < layers.size(); i++) {
            Recurrent r = layers.get(i);
            CellEquations.Step<float[]> s = steps.get(i);
            int g = r.cell().blocks * r.hidden();
            if (i == 0) {
                System.arraycopy(r.w(), id * g, s.z, 0, g); // one-hot times W is a row of W
            } else {
                java.util.Arrays.fill(s.z, 0f);
                matVec(in, r.w(), s.z, r.nIn(), g);
            }
            stepLayer(r, s, g);
            in = s.h;
        }
        return softmax(in);
    }

    private static void matVec(float[] x, float[] w, float[] out, int rows, int cols) {
        for (int k = 0; k < rows; k++) {
            if (x[k] != 0f) {
                L.axpy(x[k], w, k * cols, out, 0, cols);
            }
        }
    }

    private static void stepLayer(Recurrent r, CellEquations.Step<float[]> s, int g) {
        // This step's h and c become the next step's previous state: swap the buffers rather than copy.
        float[] h = s.hPrev;
        s.hPrev = s.h;
        s.h = h;
        float[] c = s.cPrev;
        s.cPrev = s.c;
        s.c = c;
        if (r.cell().separateRecurrent) {
            java.util.Arrays.fill(s.zh, 0f);
            matVec(s.hPrev, r.rw(), s.zh, r.hidden(), g);
        } else {
            matVec(s.hPrev, r.rw(), s.z, r.hidden(), g);
        }
        r.cell().forward(L, s, r.hidden(), 0, 1);
    }

    private float[] softmax(float[] h) {
        System.arraycopy(outB, 0, probabilities, 0, outB.length);
        matVec(h, outW, probabilities, h.length, outB.length);
        float max = Float.NEGATIVE_INFINITY;
        for (float v : probabilities) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int k = 0; k < probabilities.length; k++) {
            probabilities[k] = (float) Math.exp(probabilities[k] - max);
            sum += probabilities[k];
        }
        for (int k = 0; k < probabilities.length; k++) {
            probabilities[k] /= (float) sum;
        }
        return probabilities;
    }
}
