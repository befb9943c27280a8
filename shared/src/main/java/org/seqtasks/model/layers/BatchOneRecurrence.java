package org.seqtasks.model.layers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Generation one step at a time: the weights of a trained stack of recurrent layers (LSTM or SimpleRnn, stock or fast,
 * or GRU) and its softmax output copied into Java arrays, and each sequence ({@link Stream}) stepped with
 * matrix-vector products and the cells' own equations ({@link CellEquations}), with no per-op dispatch. Equal to the
 * network's {@code rnnTimeStep} (tested) and much faster at batch 1, where {@code rnnTimeStep} spends its time in
 * dispatch, not arithmetic. Weights are copied when it is made: later training does not reach it.
 */
public final class BatchOneRecurrence {
    private static final Lanes<float[]> L = VectorSupport.floatLanes();

    private record Recurrent(
            CellEquations cell,
            int nIn,
            int hidden,
            float[] w,
            float[] rw,
            float[] bias,
            float[] recurrentBias,
            boolean startsFromInputTail) {
        int width() {
            return cell.blocks * hidden;
        }
    }

    private final List<Recurrent> layers = new ArrayList<>();
    private final float[] outW;
    private final float[] outB;
    /** The stream behind {@link #next(int)} and {@link #reset()}, for the common one-sequence use. */
    private final Stream single;
    /** The weight arrays as ND4J matrices, by identity, made when {@link Rows} first multiplies by them. */
    private final Map<float[], INDArray> matrices = new IdentityHashMap<>();

    private BatchOneRecurrence(List<Layer> recurrent, Layer output) {
        for (Layer layer : recurrent) {
            var conf = layer.conf().getLayer();
            CellEquations cell = conf instanceof LSTM
                    ? CellEquations.LSTM
                    : conf instanceof SimpleRnn
                            ? CellEquations.SIMPLE_RNN
                            : conf instanceof Gru ? CellEquations.GRU : null;
            if (cell == null) {
                throw new IllegalArgumentException("batch-1 stepping covers LSTM, SimpleRnn and GRU layers, not "
                        + conf.getClass().getSimpleName());
            }
            var ff = (FeedForwardLayer) conf;
            if (StartsFromInputTail.isOn(conf) && !layers.isEmpty()) {
                throw new IllegalArgumentException(
                        "only the first layer of a stack can start from its input tail (the tail is fixed per stream)");
            }
            layers.add(new Recurrent(
                    cell,
                    (int) ff.getNIn(),
                    (int) ff.getNOut(),
                    rowMajor(layer.getParam("W")),
                    rowMajor(layer.getParam("RW")),
                    rowMajor(layer.getParam("b")),
                    cell.separateRecurrent ? rowMajor(layer.getParam(GruParamInitializer.RECURRENT_BIAS)) : null,
                    StartsFromInputTail.isOn(conf)));
        }
        var out = output.conf().getLayer();
        if (!(out instanceof BaseOutputLayer o)
                || !(o.getActivationFn() instanceof ActivationSoftmax)
                || layers.isEmpty()) {
            throw new IllegalArgumentException(
                    "batch-1 stepping needs recurrent layers followed by a softmax output layer");
        }
        outW = rowMajor(output.getParam("W"));
        outB = rowMajor(output.getParam("b"));
        single = stream();
    }

    /** A network of recurrent layers and a softmax output layer, the character language model's shape. */
    public static BatchOneRecurrence of(MultiLayerNetwork net) {
        List<Layer> recurrent = new ArrayList<>(Arrays.asList(net.getLayers()).subList(0, net.getnLayers() - 1));
        return new BatchOneRecurrence(recurrent, net.getOutputLayer());
    }

    /** The named recurrent layers of a graph (in order, each feeding the next) and the softmax layer they feed. */
    public static BatchOneRecurrence of(ComputationGraph graph, List<String> recurrentLayers, String outputLayer) {
        List<Layer> recurrent = new ArrayList<>();
        for (String name : recurrentLayers) {
            recurrent.add(graph.getLayer(name));
        }
        return new BatchOneRecurrence(recurrent, graph.getLayer(outputLayer));
    }

    private static float[] rowMajor(INDArray a) {
        return a.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }

    /** The width of the first layer's input. */
    public int inputSize() {
        return layers.get(0).nIn();
    }

    /** A new sequence, from a zero state (or, for a layer that starts from its input tail, from that tail once fixed). */
    public Stream stream() {
        return new Stream();
    }

    /** Forgets the sequence of {@link #next(int)} (state back to zeros). */
    public void reset() {
        single.reset();
    }

    /** Feeds token {@code id} as a one-hot input; returns the next-token distribution (a buffer reused by the next call). */
    public float[] next(int id) {
        return single.next(id);
    }

    /** One sequence's state. */
    public final class Stream {
        private final List<CellEquations.Step<float[]>> steps = new ArrayList<>();
        private final float[] probabilities = new float[outB.length];
        /** The first layer's pre-activations from the fixed part of its input ({@link #fixInputTail}), or null. */
        private float[] fixed;

        private int headWidth = inputSize();
        /** The first layer's h_0 when it starts from its input tail ({@link StartsFromInputTail}), set with the tail. */
        private float[] initial;

        private Stream() {
            for (Recurrent r : layers) {
                CellEquations.Step<float[]> s = new CellEquations.Step<>();
                int g = r.width();
                s.z = new float[g];
                s.zh = new float[g];
                s.gates = new float[g];
                s.aux = new float[r.hidden()];
                s.bias = r.bias();
                s.recurrentBias = r.recurrentBias();
                s.hPrev = new float[r.hidden()];
                s.h = new float[r.hidden()];
                s.cPrev = new float[r.hidden()];
                s.c = new float[r.hidden()];
                steps.add(s);
            }
        }

        /** An independent copy of this sequence's state (beam search branches from it). */
        public Stream copy() {
            Stream c = new Stream();
            c.fixed = fixed;
            c.headWidth = headWidth;
            c.initial = initial;
            for (int i = 0; i < steps.size(); i++) {
                CellEquations.Step<float[]> from = steps.get(i);
                CellEquations.Step<float[]> to = c.steps.get(i);
                System.arraycopy(from.h, 0, to.h, 0, from.h.length);
                System.arraycopy(from.c, 0, to.c, 0, from.c.length);
            }
            return c;
        }

        public void reset() {
            for (CellEquations.Step<float[]> s : steps) {
                Arrays.fill(s.h, 0f);
                Arrays.fill(s.c, 0f);
            }
            if (initial != null) {
                System.arraycopy(initial, 0, steps.get(0).h, 0, initial.length);
            }
        }

        /**
         * Declares that the last {@code tail.length} inputs of the first layer are {@code tail} at every step (a
         * captioner's image vector): their product with the weights is computed now, once, not at every step. A first
         * layer that starts from its input tail takes its last H values as its state, as the layer does at t = 0; call
         * this before the first step.
         */
        public void fixInputTail(float[] tail) {
            Recurrent r = layers.get(0);
            int g = r.width();
            headWidth = r.nIn() - tail.length;
            fixed = new float[g];
            for (int k = 0; k < tail.length; k++) {
                L.axpy(tail[k], r.w(), (headWidth + k) * g, fixed, 0, g);
            }
            if (r.startsFromInputTail()) {
                if (tail.length < r.hidden()) {
                    throw new IllegalArgumentException("the layer's initial state is its last " + r.hidden()
                            + " inputs, but the fixed tail has " + tail.length);
                }
                initial = Arrays.copyOfRange(tail, tail.length - r.hidden(), tail.length);
                reset();
            }
        }

        /** Feeds token {@code id} as a one-hot input; returns the next-token distribution (a buffer reused by the next call). */
        public float[] next(int id) {
            Recurrent r = layers.get(0);
            if (id < 0 || id >= headWidth) {
                throw new IllegalArgumentException("token id " + id + " outside the input's " + headWidth + " classes");
            }
            CellEquations.Step<float[]> s = steps.get(0);
            System.arraycopy(r.w(), id * r.width(), s.z, 0, r.width()); // one-hot times W is a row of W
            return run();
        }

        /** Feeds a dense input (its first {@code inputSize()} values, or the head before a fixed tail). */
        public float[] next(float[] input) {
            return softmax(advance(input));
        }

        /**
         * Feeds a dense input as {@link #next(float[])} does but stops below the softmax: returns the last recurrent
         * layer's new state (a buffer the next step overwrites), for a caller whose output layer reads more than that
         * state (an attention decoder, which adds its context vector before its own output layer).
         */
        public float[] advance(float[] input) {
            Recurrent r = layers.get(0);
            CellEquations.Step<float[]> s = steps.get(0);
            Arrays.fill(s.z, 0f);
            matVec(input, r.w(), s.z, headWidth, r.width());
            return step();
        }

        private float[] run() {
            return softmax(step());
        }

        private float[] step() {
            if (layers.get(0).startsFromInputTail() && initial == null) {
                throw new IllegalStateException(
                        "the first layer starts from its input tail: fix the tail (fixInputTail) before stepping");
            }
            float[] in = null;
            for (int i = 0; i < layers.size(); i++) {
                Recurrent r = layers.get(i);
                CellEquations.Step<float[]> s = steps.get(i);
                if (i == 0 && fixed != null) {
                    L.addTo(fixed, 0, s.z, 0, r.width());
                } else if (i > 0) {
                    Arrays.fill(s.z, 0f);
                    matVec(in, r.w(), s.z, r.nIn(), r.width());
                }
                // This step's h and c become the next step's previous state: swap the buffers rather than copy.
                float[] h = s.hPrev;
                s.hPrev = s.h;
                s.h = h;
                float[] c = s.cPrev;
                s.cPrev = s.c;
                s.c = c;
                if (r.cell().separateRecurrent) {
                    Arrays.fill(s.zh, 0f);
                    matVec(s.hPrev, r.rw(), s.zh, r.hidden(), r.width());
                } else {
                    matVec(s.hPrev, r.rw(), s.z, r.hidden(), r.width());
                }
                r.cell().forward(L, s, r.hidden(), 0, 1);
                in = s.h;
            }
            return in;
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

    /** {@code count} sequences stepped together ({@link Rows}), each from a zero state. */
    public Rows rows(int count) {
        return new Rows(count);
    }

    /**
     * Many sequences stepped together, for batched decoding (a batch of sentences, the rows of a beam): the equations of
     * {@link Stream}, but each layer's step is one matrix product over all rows ([rows, in] x W) rather than a
     * matrix-vector product per row, so a step reads the weights once, not once a row. Equal to a {@link Stream} per
     * row (tested). Rows are laid out one after another in every array in and out.
     */
    public final class Rows {
        private final int count;
        private final List<CellEquations.Step<float[]>> steps = new ArrayList<>();
        /** The first layer's pre-activations from each row's fixed input tail [count, G], or null. */
        private float[] fixed;

        private int headWidth = inputSize();
        /** Each row's h_0 of a first layer that starts from its input tail [count, H], or null. */
        private float[] initial;

        private Rows(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("rows must be >= 1, got " + count);
            }
            this.count = count;
            for (Recurrent r : layers) {
                CellEquations.Step<float[]> s = new CellEquations.Step<>();
                int g = r.width() * count;
                int h = r.hidden() * count;
                s.z = new float[g];
                s.zh = new float[g];
                s.gates = new float[g];
                s.aux = new float[h];
                s.bias = r.bias();
                s.recurrentBias = r.recurrentBias();
                s.hPrev = new float[h];
                s.h = new float[h];
                s.cPrev = new float[h];
                s.c = new float[h];
                steps.add(s);
            }
        }

        public int count() {
            return count;
        }

        /**
         * Declares row {@code r}'s fixed last inputs to be {@code tails[r]} at every step, as {@link
         * Stream#fixInputTail} does for one sequence; all tails have one length. Call before the first step.
         */
        public void fixInputTails(float[][] tails) {
            if (tails.length != count) {
                throw new IllegalArgumentException(count + " rows, " + tails.length + " tails");
            }
            Recurrent r = layers.get(0);
            int width = tails[0].length;
            headWidth = r.nIn() - width;
            fixed = product(
                    flatten(tails, width),
                    width,
                    matrix(r.w(), r.nIn(), r.width()).get(interval(headWidth, r.nIn())));
            if (r.startsFromInputTail()) {
                if (width < r.hidden()) {
                    throw new IllegalArgumentException("the layer's initial state is its last " + r.hidden()
                            + " inputs, but the fixed tail has " + width);
                }
                initial = new float[count * r.hidden()];
                for (int row = 0; row < count; row++) {
                    System.arraycopy(tails[row], width - r.hidden(), initial, row * r.hidden(), r.hidden());
                }
                System.arraycopy(initial, 0, steps.get(0).h, 0, initial.length);
            }
        }

        /**
         * Feeds each row its dense input ({@code inputs} [count, head width]) and returns the last recurrent layer's new
         * states [count, H] (a buffer the next step overwrites), as {@link Stream#advance} per row.
         */
        public float[] advance(float[] inputs) {
            if (layers.get(0).startsFromInputTail() && initial == null) {
                throw new IllegalStateException(
                        "the first layer starts from its input tail: fix the tails (fixInputTails) before stepping");
            }
            if (inputs.length != count * headWidth) {
                throw new IllegalArgumentException(
                        "expected " + count + " x " + headWidth + " inputs, got " + inputs.length);
            }
            float[] in = inputs;
            int inWidth = headWidth;
            for (int i = 0; i < layers.size(); i++) {
                Recurrent r = layers.get(i);
                CellEquations.Step<float[]> s = steps.get(i);
                INDArray w = matrix(r.w(), r.nIn(), r.width());
                s.z = product(in, inWidth, i == 0 && fixed != null ? w.get(interval(0, headWidth)) : w);
                if (i == 0 && fixed != null) {
                    L.addTo(fixed, 0, s.z, 0, fixed.length);
                }
                float[] h = s.hPrev; // this step's h and c become the next step's previous state
                s.hPrev = s.h;
                s.h = h;
                float[] c = s.cPrev;
                s.cPrev = s.c;
                s.c = c;
                float[] recurrent = product(s.hPrev, r.hidden(), matrix(r.rw(), r.hidden(), r.width()));
                if (r.cell().separateRecurrent) {
                    s.zh = recurrent;
                } else {
                    L.addTo(recurrent, 0, s.z, 0, recurrent.length);
                }
                r.cell().forward(L, s, r.hidden(), 0, count);
                in = s.h;
                inWidth = r.hidden();
            }
            return in;
        }

        /** {@link #advance}, then the softmax output layer: log p(next token) per row, [count][V]. */
        public float[][] nextLogProbabilities(float[] inputs) {
            float[] h = advance(inputs);
            int v = outB.length;
            float[] z = product(h, layers.get(layers.size() - 1).hidden(), matrix(outW, outW.length / v, v));
            for (int row = 0; row < count; row++) {
                L.addTo(outB, 0, z, row * v, v);
            }
            return logSoftmax(z, count);
        }

        /** Row {@code r}'s state (and fixed tail) becomes what row {@code parents[r]}'s was. */
        public void reorder(int[] parents) {
            if (parents.length != count) {
                throw new IllegalArgumentException(count + " rows, " + parents.length + " parents");
            }
            for (int i = 0; i < layers.size(); i++) {
                int hd = layers.get(i).hidden();
                CellEquations.Step<float[]> s = steps.get(i);
                s.h = gather(s.h, parents, hd);
                s.c = gather(s.c, parents, hd);
            }
            if (fixed != null) {
                fixed = gather(fixed, parents, layers.get(0).width());
            }
            if (initial != null) {
                initial = gather(initial, parents, layers.get(0).hidden());
            }
        }
    }

    /** A weight matrix [rows, cols] as ND4J's, made once per array (the products of {@link Rows} run in BLAS). */
    private INDArray matrix(float[] weights, int rows, int cols) {
        return matrices.computeIfAbsent(weights, w -> Nd4j.create(w, new long[] {rows, cols}, 'c'));
    }

    /** {@code x} [n, width] (row-major) times {@code w} [width, cols], row-major. */
    private static float[] product(float[] x, int width, INDArray w) {
        INDArray rows = Nd4j.create(x, new long[] {x.length / width, width}, 'c');
        return rows.mmul(w).dup('c').data().asFloat();
    }

    /** Each of the {@code count} rows of {@code logits} (row-major) through log-softmax: [count][width]. */
    public static float[][] logSoftmax(float[] logits, int count) {
        int v = logits.length / count;
        float[][] out = new float[count][v];
        for (int row = 0; row < count; row++) {
            float max = Float.NEGATIVE_INFINITY;
            for (int k = 0; k < v; k++) {
                max = Math.max(max, logits[row * v + k]);
            }
            double sum = 0;
            for (int k = 0; k < v; k++) {
                sum += Math.exp(logits[row * v + k] - max);
            }
            float logSum = (float) Math.log(sum);
            for (int k = 0; k < v; k++) {
                out[row][k] = logits[row * v + k] - max - logSum;
            }
        }
        return out;
    }

    private static float[] flatten(float[][] rows, int width) {
        float[] flat = new float[rows.length * width];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != width) {
                throw new IllegalArgumentException("row " + r + " has " + rows[r].length + " values, not " + width);
            }
            System.arraycopy(rows[r], 0, flat, r * width, width);
        }
        return flat;
    }

    private static float[] gather(float[] rows, int[] parents, int width) {
        float[] out = new float[parents.length * width];
        for (int r = 0; r < parents.length; r++) {
            System.arraycopy(rows, parents[r] * width, out, r * width, width);
        }
        return out;
    }

    private static INDArrayIndex[] interval(long from, long to) {
        return new INDArrayIndex[] {NDArrayIndex.interval(from, to), NDArrayIndex.all()};
    }

    private static void matVec(float[] x, float[] w, float[] out, int rows, int cols) {
        for (int k = 0; k < rows; k++) {
            if (x[k] != 0f) {
                L.axpy(x[k], w, k * cols, out, 0, cols);
            }
        }
    }
}
