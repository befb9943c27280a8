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
    /**
     * The attention vertex's parameters as matrices that right-multiply a batch of rows: Wq^T [queryWidth, head], Wk^T
     * and Wv^T [stateWidth, head], Wo [head, outWidth].
     */
    private record Attention(INDArray wqT, INDArray wkT, INDArray wvT, INDArray wo, int head) {}

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
    private BatchOneRecurrence.Rows rows;
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
        float[] keys = null;
        float[] values = null;
        if (attended) {
            // every source step's encoder state through Wk and Wv in two products: [n * S, width] x [width, head]
            INDArray states =
                    encoded[1].castTo(DataType.FLOAT).permute(0, 2, 1).dup('c').reshape(n * s, -1);
            keys = rowMajor(states.mmul(attention.wkT()));
            values = rowMajor(states.mmul(attention.wvT()));
        }
        this.sources = new Source[n];
        for (int i = 0; i < n; i++) {
            int length = 0;
            while (length < s && mask[i * s + length] != 0f) {
                length++;
            }
            this.sources[i] = attended
                    ? new Source(
                            summaries[i],
                            Arrays.copyOfRange(keys, i * s * attention.head(), (i * s + length) * attention.head()),
                            Arrays.copyOfRange(values, i * s * attention.head(), (i * s + length) * attention.head()),
                            length)
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
        long head = wq.size(1);
        return new Attention(
                matrix(wq, head).transpose(),
                matrix(wk, head).transpose(),
                matrix(p.get("Wv"), head).transpose(),
                wo.castTo(DataType.FLOAT).dup('c'),
                (int) head);
    }

    /** A one-head projection [1, head, width] as the matrix [head, width]. */
    private static INDArray matrix(INDArray projection, long head) {
        return projection.castTo(DataType.FLOAT).dup('c').reshape(head, projection.size(2));
    }

    @Override
    public void start(int count) {
        if (count != sources.length * beam) {
            throw new IllegalStateException("decoder built for " + sources.length * beam + " rows, asked for " + count);
        }
        rows = stepper.rows(count);
        float[][] summaries = new float[count][];
        for (int r = 0; r < count; r++) {
            summaries[r] = sources[r / beam].summary();
        }
        rows.fixInputTails(summaries);
        lastWeights = new float[count][];
    }

    /**
     * Steps all rows at once: every product has the same matrix for every row (the decoder's weights, the attention's
     * query and output projections, and the output layer, the vocabulary times the state and context: most of a step's
     * arithmetic), and one matrix product over the rows reads it once, not once a row.
     */
    @Override
    public float[][] step(int[] tokens) {
        int count = tokens.length;
        int width = (int) outW.size(0);
        float[] words = new float[count * embeddingSize];
        for (int r = 0; r < count; r++) {
            System.arraycopy(embedding, tokens[r] * embeddingSize, words, r * embeddingSize, embeddingSize);
        }
        float[] states = rows.advance(words);
        INDArray hidden = Nd4j.create(states, new long[] {count, states.length / count}, 'c');
        INDArray features = attention == null ? hidden : Nd4j.hstack(hidden, context(hidden));
        if (features.size(1) != width) {
            throw new IllegalStateException(
                    "the output layer reads " + width + " features, the decoder gave " + features.size(1));
        }
        INDArray logits = features.mmul(outW).addiRowVector(outB);
        return BatchOneRecurrence.logSoftmax(logits.dup('c').data().asFloat(), count);
    }

    @Override
    public void reorder(int[] parents) {
        rows.reorder(parents);
        float[][] weights = new float[parents.length][];
        for (int r = 0; r < parents.length; r++) {
            weights[r] = lastWeights[parents[r]];
        }
        lastWeights = weights;
    }

    /**
     * The attention vertex's output for each row's state [rows, outWidth]: the query q = Wq h, its softmax over the
     * row's real source steps (score_j = q . k_j / sqrt(head)), and Wo^T of the weighted sum of the values.
     */
    private INDArray context(INDArray hidden) {
        int rows = (int) hidden.size(0);
        int head = attention.head();
        float[] queries = rowMajor(hidden.mmul(attention.wqT()));
        float[] mixed = new float[rows * head];
        for (int r = 0; r < rows; r++) {
            Source source = sources[r / beam];
            float[] w = weights(queries, r * head, source);
            lastWeights[r] = w;
            for (int j = 0; j < w.length; j++) {
                for (int c = 0; c < head; c++) {
                    mixed[r * head + c] += w[j] * source.values()[j * head + c];
                }
            }
        }
        return Nd4j.create(mixed, new long[] {rows, head}, DataType.FLOAT).mmul(attention.wo());
    }

    /** The softmax of the scores of the query at {@code queries[at..]} over the source's keys. */
    private float[] weights(float[] queries, int at, Source source) {
        int head = attention.head();
        double scale = 1 / Math.sqrt(head);
        float[] w = new float[source.length()];
        double max = Double.NEGATIVE_INFINITY;
        double[] scores = new double[w.length];
        for (int j = 0; j < w.length; j++) {
            double dot = 0;
            for (int c = 0; c < head; c++) {
                dot += source.keys()[j * head + c] * queries[at + c];
            }
            scores[j] = dot * scale;
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
