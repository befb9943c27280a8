package org.seqtasks.seq2seq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqtasks.model.Cell;
import org.seqtasks.model.RecurrentNetworks;
import org.seqtasks.model.RnnConfig;

/**
 * The encoder-decoder graph before anything is built on it: DL4J's attention vertex equals attention computed
 * by hand from its own weights, and padding (source or target) is invisible to every real position.
 */
class EncoderDecoderGraphTest {
    static final int HIDDEN = 4;
    static final int SOURCE_V = 7;
    static final int TARGET_V = 6;
    static final int S = 5;
    static final int T = 4;
    /** Rows' real lengths: the second row is padded on both sides. */
    static final int[] SOURCE_LENGTHS = {5, 3};
    static final int[] TARGET_LENGTHS = {4, 2};

    static ComputationGraph graph(boolean bidirectional) {
        RnnConfig config = new RnnConfig(Cell.LSTM, HIDDEN, 1, bidirectional, 0, 0, 1e-3, 0, 0, 7);
        return RecurrentNetworks.encoderDecoder(config, SOURCE_V, TARGET_V, 3, true);
    }

    /** ids [2, 1, len] with {@code junk} in the padded positions, and the mask [2, len]. */
    static INDArray[] ids(int length, int vocabulary, int[] lengths, long seed, boolean junk) {
        Random random = new Random(seed);
        Random junkRandom = new Random(seed + 99);
        INDArray ids = Nd4j.zeros(DataType.FLOAT, 2, 1, length);
        INDArray mask = Nd4j.zeros(DataType.FLOAT, 2, length);
        for (int r = 0; r < 2; r++) {
            for (int t = 0; t < length; t++) {
                boolean real = t < lengths[r];
                int id = 1 + random.nextInt(vocabulary - 1);
                ids.putScalar(new long[]{r, 0, t}, real ? id : junk ? 1 + junkRandom.nextInt(vocabulary - 1) : 0);
                mask.putScalar(new long[]{r, t}, real ? 1 : 0);
            }
        }
        return new INDArray[]{ids, mask};
    }

    static Map<String, INDArray> activations(ComputationGraph g, boolean junk) {
        INDArray[] src = ids(S, SOURCE_V, SOURCE_LENGTHS, 1, junk);
        INDArray[] tgt = ids(T, TARGET_V, TARGET_LENGTHS, 2, junk);
        List<String> names = List.of("decoder", "encoder", RecurrentNetworks.ATTENTION, "next");
        INDArray[] out = g.output(names, false, new INDArray[]{src[0], tgt[0]}, new INDArray[]{src[1], tgt[1]});
        return Map.of(names.get(0), out[0], names.get(1), out[1], names.get(2), out[2], names.get(3), out[3]);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void attentionVertexEqualsAttentionByHand(boolean bidirectional) {
        ComputationGraph g = graph(bidirectional);
        Map<String, INDArray> a = activations(g, false);
        INDArray queries = a.get("decoder");   // [2, H, T]
        INDArray states = a.get("encoder");    // [2, He, S]
        INDArray attended = a.get(RecurrentNetworks.ATTENTION);
        Map<String, INDArray> w = g.getVertex(RecurrentNetworks.ATTENTION).paramTable(false);
        INDArray wq = w.get("Wq").reshape(HIDDEN, queries.size(1));    // [heads=1, head, nIn] -> [head, nIn]
        INDArray wk = w.get("Wk").reshape(HIDDEN, states.size(1));
        INDArray wv = w.get("Wv").reshape(HIDDEN, states.size(1));
        INDArray wo = w.get("Wo");                                      // [heads * head, nOut]
        double largest = 0;
        for (int r = 0; r < 2; r++) {
            for (int t = 0; t < T; t++) {
                INDArray q = wq.mmul(queries.get(org.nd4j.linalg.indexing.NDArrayIndex.point(r), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                        org.nd4j.linalg.indexing.NDArrayIndex.point(t)).reshape(queries.size(1), 1));
                double[] score = new double[SOURCE_LENGTHS[r]];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < score.length; j++) {
                    INDArray k = wk.mmul(column(states, r, j));
                    score[j] = q.mul(k).sumNumber().doubleValue() / Math.sqrt(HIDDEN);
                    max = Math.max(max, score[j]);
                }
                double sum = 0;
                for (int j = 0; j < score.length; j++) {
                    score[j] = Math.exp(score[j] - max);
                    sum += score[j];
                }
                INDArray context = Nd4j.zeros(DataType.FLOAT, HIDDEN, 1);
                for (int j = 0; j < score.length; j++) {   // padded source steps take no weight
                    context.addi(wv.mmul(column(states, r, j)).mul(score[j] / sum));
                }
                INDArray expected = wo.transpose().mmul(context);
                if (t >= TARGET_LENGTHS[r]) {
                    expected.muli(0);                       // padded target steps are zeroed
                }
                for (int h = 0; h < HIDDEN; h++) {
                    double diff = Math.abs(expected.getDouble(h, 0) - attended.getDouble(r, h, t));
                    largest = Math.max(largest, diff);
                }
            }
        }
        assertTrue(largest < 1e-5, "largest difference from the hand computation: " + largest);
        assertTrue(attended.amaxNumber().doubleValue() > 1e-3, "attention output is not trivially zero");
    }

    private static INDArray column(INDArray a, int row, int t) {
        return a.get(org.nd4j.linalg.indexing.NDArrayIndex.point(row), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.point(t)).reshape(a.size(1), 1);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void paddingOnEitherSideChangesNoRealPosition(boolean bidirectional) {
        ComputationGraph g = graph(bidirectional);
        INDArray clean = activations(g, false).get("next");
        INDArray junk = activations(g, true).get("next");
        double largest = 0;
        for (int r = 0; r < 2; r++) {
            for (int t = 0; t < TARGET_LENGTHS[r]; t++) {
                for (int c = 0; c < TARGET_V; c++) {
                    largest = Math.max(largest, Math.abs(clean.getDouble(r, c, t) - junk.getDouble(r, c, t)));
                }
            }
        }
        assertEquals(0.0, largest, 1e-6, "junk ids in masked positions changed a real position's prediction");
    }
}
