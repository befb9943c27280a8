package org.seqtasks.seq2seq;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqtasks.model.BeamSearch;
import org.seqtasks.model.RecurrentNetworks;
import org.seqtasks.model.layers.BatchOneRecurrence;

/**
 * Decodes one target token per step through the batch-1 path. The graph encodes each batch of sources once (encoder
 * states and summary); then each step feeds the previous token's embedding row through the decoder layer
 * ({@link BatchOneRecurrence}, the summary's share of the decoder input computed once per sentence) and, with
 * attention, attends over that sentence's encoder states here, as the graph's attention vertex does (DL4J's scaled
 * dot-product attention: one head, learned projections of query, keys and values and an output projection, no biases,
 * padded source steps left out). Its keys and values are projected once per sentence. Equal to running the whole
 * graph on each prefix (tested), which cost a pass over the prefix per token.
 */
final class SteppedDecoder implements BeamSearch.Decoder {
    /** The attention vertex's parameters, row-major: Wq/Wk/Wv [head, nIn], Wo [head, nOut]. */
    private record Attention(
            float[] wq, float[] wk, float[] wv, float[] wo, int head, int queryWidth, int stateWidth, int outWidth) {}

    /** One sentence as the decoder sees it: the summary, and (with attention) its projected keys and values [length, head]. */
    private record Source(float[] summary, float[] keys, float[] values, int length) {}

    private final BatchOneRecurrence stepper;
    private final float[] embedding;
    private final int embeddingSize;
    private final Attention attention;
    private final Source[] sources;
    /** The output layer's weights [width, V] and bias [1, V]. */
    private final INDArray outW;

    private final INDArray outB;
    private final int beam;
    private BatchOneRecurrence.Stream[] streams;
    /** The attention weights of the last step, per row (attention only). */
    private float[][] lastWeights;

    /** @param sources source ids [n, 1, S] and mask [n, S]; each source decoded on {@code beam} rows. */
    SteppedDecoder(ComputationGraph graph, INDArray[] sources, int beam) {
        this.beam = beam;
        int n = (int) sources[0].size(0);
        INDArray firstToken = Nd4j.zeros(DataType.FLOAT, n, 1, 1);
        boolean attended = graph.getConfiguration().getVertices().containsKey(RecurrentNetworks.ATTENTION);
        List<String> wanted = List.of("summary", "encoder");
        INDArray[] encoded = graph.output(
                attended ? wanted : wanted.subList(0, 1),
                false,
                new INDArray[] {sources[0], firstToken},
                new INDArray[] {sources[1], Nd4j.ones(DataType.FLOAT, n, 1)});
        float[][] summaries = encoded[0].castTo(DataType.FLOAT).toFloatMatrix();
        stepper = BatchOneRecurrence.of(graph, List.of("decoder"), "next");
        var embeddingLayer = graph.getLayer("target-embedding");
        if (!(((BaseLayer) embeddingLayer.conf().getLayer()).getActivationFn() instanceof ActivationIdentity)
                || embeddingLayer.paramTable().containsKey("b")) {
            throw new IllegalStateException(
                    "stepping reads the target embedding as its rows: it needs an identity embedding without bias");
        }
        INDArray table = embeddingLayer.getParam("W");
        embeddingSize = (int) table.size(1);
        embedding = rowMajor(table);
        attention = attended ? attention(graph) : null;
        var output = graph.getLayer("next");
        outW = output.getParam("W").castTo(DataType.FLOAT).dup();
        outB = output.getParam("b").castTo(DataType.FLOAT).dup().reshape(1, -1);
        float[] mask = rowMajor(sources[1]);
        int s = (int) sources[1].size(1);
        float[] states = attended ? rowMajor(encoded[1]) : null;
        this.sources = new Source[n];
        for (int i = 0; i < n; i++) {
            int length = 0;
            while (length < s && mask[i * s + length] != 0f) {
                length++;
            }
            this.sources[i] = attended
                    ? project(summaries[i], states, i, s, length)
                    : new Source(summaries[i], null, null, length);
        }
    }

    private static Attention attention(ComputationGraph graph) {
        Map<String, INDArray> p = graph.getVertex(RecurrentNetworks.ATTENTION).paramTable(false);
        if (!p.keySet().equals(Set.of("Wq", "Wk", "Wv", "Wo"))) {
            throw new IllegalStateException(
                    "expected the attention vertex's parameters Wq, Wk, Wv, Wo, found " + p.keySet());
        }
        INDArray wq = p.get("Wq");
        INDArray wk = p.get("Wk");
        INDArray wo = p.get("Wo");
        if (wq.rank() != 3 || wq.size(0) != 1) {
            throw new IllegalStateException("expected one attention head, Wq has shape " + Arrays.toString(wq.shape()));
        }
        return new Attention(
                rowMajor(wq),
                rowMajor(wk),
                rowMajor(p.get("Wv")),
                rowMajor(wo),
                (int) wq.size(1),
                (int) wq.size(2),
                (int) wk.size(2),
                (int) wo.size(1));
    }

    /** Sentence {@code i}'s keys and values: each real source step's encoder state through Wk and Wv. */
    private Source project(float[] summary, float[] states, int i, int s, int length) {
        Attention a = attention;
        int width = a.stateWidth();
        float[] keys = new float[length * a.head()];
        float[] values = new float[length * a.head()];
        float[] state = new float[width];
        for (int j = 0; j < length; j++) {
            for (int c = 0; c < width; c++) {
                state[c] = states[(i * width + c) * s + j]; // encoder [n, width, S]
            }
            for (int h = 0; h < a.head(); h++) {
                keys[j * a.head() + h] = dot(a.wk(), h * width, state, width);
                values[j * a.head() + h] = dot(a.wv(), h * width, state, width);
            }
        }
        return new Source(summary, keys, values, length);
    }

    @Override
    public void start(int rows) {
        if (rows != sources.length * beam) {
            throw new IllegalStateException("decoder built for " + sources.length * beam + " rows, asked for " + rows);
        }
        streams = new BatchOneRecurrence.Stream[rows];
        for (int r = 0; r < rows; r++) {
            streams[r] = stepper.stream();
            streams[r].fixInputTail(sources[r / beam].summary());
        }
        lastWeights = new float[rows][];
    }

    /**
     * Steps every row's decoder on its own, then applies the output layer to all rows at once: that product (the
     * vocabulary times the state and context) is most of a step's arithmetic, and one matrix product does it faster
     * than a matrix-vector product per row.
     */
    @Override
    public float[][] step(int[] tokens) {
        int rows = tokens.length;
        int width = (int) outW.size(0);
        float[] features = new float[rows * width];
        float[] word = new float[embeddingSize];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(embedding, tokens[r] * embeddingSize, word, 0, embeddingSize);
            float[] h = streams[r].advance(word);
            System.arraycopy(h, 0, features, r * width, h.length);
            if (attention != null) {
                float[] weights = weights(h, sources[r / beam]);
                lastWeights[r] = weights;
                addContext(weights, sources[r / beam], features, r * width + h.length);
            }
        }
        INDArray logits = Nd4j.create(features, new long[] {rows, width}, DataType.FLOAT)
                .mmul(outW)
                .addiRowVector(outB);
        float[] z = logits.dup('c').data().asFloat();
        int v = (int) outB.length();
        float[][] out = new float[rows][v];
        for (int r = 0; r < rows; r++) {
            float max = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < v; c++) {
                max = Math.max(max, z[r * v + c]);
            }
            double sum = 0;
            for (int c = 0; c < v; c++) {
                sum += Math.exp(z[r * v + c] - max);
            }
            float logSum = (float) Math.log(sum);
            for (int c = 0; c < v; c++) {
                out[r][c] = z[r * v + c] - max - logSum;
            }
        }
        return out;
    }

    @Override
    public void reorder(int[] parents) {
        BatchOneRecurrence.Stream[] next = new BatchOneRecurrence.Stream[parents.length];
        float[][] weights = new float[parents.length][];
        for (int r = 0; r < parents.length; r++) {
            next[r] = streams[parents[r]].copy();
            weights[r] = lastWeights[parents[r]];
        }
        streams = next;
        lastWeights = weights;
    }

    /** The query's softmax over the real source steps: q = Wq h, score_j = q . k_j / sqrt(head). */
    private float[] weights(float[] h, Source source) {
        Attention a = attention;
        float[] q = new float[a.head()];
        for (int c = 0; c < a.head(); c++) {
            q[c] = dot(a.wq(), c * a.queryWidth(), h, a.queryWidth());
        }
        double scale = 1 / Math.sqrt(a.head());
        float[] w = new float[source.length()];
        double max = Double.NEGATIVE_INFINITY;
        double[] scores = new double[w.length];
        for (int j = 0; j < w.length; j++) {
            scores[j] = dot(source.keys(), j * a.head(), q, a.head()) * scale;
            max = Math.max(max, scores[j]);
        }
        double sum = 0;
        for (int j = 0; j < w.length; j++) {
            scores[j] = Math.exp(scores[j] - max);
            sum += scores[j];
        }
        for (int j = 0; j < w.length; j++) {
            w[j] = (float) (scores[j] / sum);
        }
        return w;
    }

    /** Writes the attention vertex's output, Wo^T of the weighted sum of the values, to {@code out} from {@code at}. */
    private void addContext(float[] weights, Source source, float[] out, int at) {
        Attention a = attention;
        float[] context = new float[a.head()];
        for (int j = 0; j < weights.length; j++) {
            for (int c = 0; c < a.head(); c++) {
                context[c] += weights[j] * source.values()[j * a.head() + c];
            }
        }
        for (int c = 0; c < a.head(); c++) {
            for (int o = 0; o < a.outWidth(); o++) {
                out[at + o] += context[c] * a.wo()[c * a.outWidth() + o];
            }
        }
    }

    private static float dot(float[] a, int offset, float[] b, int n) {
        float s = 0;
        for (int k = 0; k < n; k++) {
            s += a[offset + k] * b[k];
        }
        return s;
    }

    private static float[] rowMajor(INDArray a) {
        return a.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }

    /**
     * The attention while {@code tokens} ({@code <bos>} first) are fed one by one, for a decoder of one source on one
     * row: a row of weights over the source per token fed, i.e. per token it predicts.
     */
    List<float[]> forcedAttention(int[] tokens) {
        if (attention == null) {
            throw new IllegalStateException("the model has no attention");
        }
        if (sources.length != 1 || beam != 1) {
            throw new IllegalStateException("forced attention is read for one source on one row");
        }
        start(1);
        List<float[]> rows = new ArrayList<>(tokens.length);
        for (int token : tokens) {
            step(new int[] {token});
            rows.add(lastWeights[0]);
        }
        return rows;
    }
}
