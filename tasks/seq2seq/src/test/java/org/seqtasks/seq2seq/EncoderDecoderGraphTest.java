package org.seqtasks.seq2seq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.api.layers.RecurrentLayer;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.NoOp;
import org.seqtasks.UserFacingException;
import org.seqtasks.model.Cell;
import org.seqtasks.model.RecurrentNetworks;
import org.seqtasks.model.RecurrentNetworks.DecoderStart;
import org.seqtasks.model.RnnConfig;
import org.seqtasks.model.layers.StartsFromInputTail;

/**
 * The encoder-decoder graph before anything is built on it: DL4J's attention vertex equals attention computed
 * by hand from its own weights, for batches of different padded lengths through the same graph (its SameDiff
 * placeholders are sized by the first batch), and padding (source or target) is invisible to every real position.
 */
class EncoderDecoderGraphTest {
    static final int HIDDEN = 4;
    static final int SOURCE_V = 7;
    static final int TARGET_V = 6;

    /** Padded lengths {@code s} and {@code t} of a two-row batch and each row's real lengths: the second row is padded on both sides. */
    record Shape(int s, int t, int[] sourceLengths, int[] targetLengths) {}

    static final List<Shape> SHAPES = List.of(
            new Shape(5, 4, new int[] {5, 3}, new int[] {4, 2}),
            new Shape(7, 3, new int[] {7, 2}, new int[] {3, 1}),
            new Shape(3, 6, new int[] {3, 1}, new int[] {6, 4}));

    static ComputationGraph graph(boolean bidirectional) {
        return graph(bidirectional, DecoderStart.ZERO);
    }

    static ComputationGraph graph(boolean bidirectional, DecoderStart start) {
        RnnConfig config = RnnConfig.of(Cell.LSTM, 7).hidden(HIDDEN).bidirectional(bidirectional);
        return RecurrentNetworks.encoderDecoder(config, SOURCE_V, TARGET_V, 3, true, start);
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
                ids.putScalar(new long[] {r, 0, t}, real ? id : junk ? 1 + junkRandom.nextInt(vocabulary - 1) : 0);
                mask.putScalar(new long[] {r, t}, real ? 1 : 0);
            }
        }
        return new INDArray[] {ids, mask};
    }

    static Map<String, INDArray> activations(ComputationGraph g, Shape shape, boolean junk) {
        INDArray[] src = ids(shape.s(), SOURCE_V, shape.sourceLengths(), 1, junk);
        INDArray[] tgt = ids(shape.t(), TARGET_V, shape.targetLengths(), 2, junk);
        List<String> names = List.of("decoder", "encoder", RecurrentNetworks.ATTENTION, "next");
        INDArray[] out = g.output(names, false, new INDArray[] {src[0], tgt[0]}, new INDArray[] {src[1], tgt[1]});
        return Map.of(names.get(0), out[0], names.get(1), out[1], names.get(2), out[2], names.get(3), out[3]);
    }

    /**
     * The encoder-decoder clips each layer's gradient by its L2 norm, the attention vertex's too (a SameDiff vertex
     * holds its own setting); the other networks keep element-wise clipping.
     */
    @Test
    void clipsByEachLayersNorm() {
        RnnConfig config = RnnConfig.of(Cell.LSTM, 7).hidden(HIDDEN).clip(5);
        ComputationGraph g = RecurrentNetworks.encoderDecoder(config, SOURCE_V, TARGET_V, 3, true, DecoderStart.ZERO);
        for (var layer : g.getLayers()) {
            assertEquals(
                    GradientNormalization.ClipL2PerLayer,
                    layer.getConfig().getGradientNormalization(),
                    layer.conf().getLayer().getLayerName());
            assertEquals(5, layer.getConfig().getGradientNormalizationThreshold(), 0);
        }
        assertEquals(
                GradientNormalization.ClipL2PerLayer,
                ((SameDiffVertex) g.getConfiguration().getVertices().get(RecurrentNetworks.ATTENTION))
                        .getGradientNormalization());
        var perStep = RecurrentNetworks.perStepClassifier(config, 10, 10);
        assertEquals(
                GradientNormalization.ClipElementWiseAbsoluteValue,
                perStep.getLayer(0).getConfig().getGradientNormalization());
    }

    @Test
    void embeddingTablesStartUnitNormalWhateverTheVocabulary() {
        RnnConfig config = new RnnConfig(Cell.LSTM, HIDDEN, 1, false, 0, 0, 1e-3, 0, 0, 7);
        ComputationGraph g = RecurrentNetworks.encoderDecoder(config, 3000, 2000, 16, false, DecoderStart.ZERO);
        for (String table : List.of("source-embedding", "target-embedding")) {
            INDArray w = g.getLayer(table).getParam("W");
            assertEquals(1.0, w.stdNumber().doubleValue(), 0.02, table);
            assertEquals(0.0, w.meanNumber().doubleValue(), 0.02, table);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void attentionVertexEqualsAttentionByHand(boolean bidirectional) {
        ComputationGraph g = graph(bidirectional);
        for (Shape shape : SHAPES) {
            assertEqualsByHand(g, shape);
        }
    }

    private static void assertEqualsByHand(ComputationGraph g, Shape shape) {
        Map<String, INDArray> a = activations(g, shape, false);
        INDArray queries = a.get("decoder"); // [2, H, T]
        INDArray states = a.get("encoder"); // [2, He, S]
        INDArray attended = a.get(RecurrentNetworks.ATTENTION);
        Map<String, INDArray> w = g.getVertex(RecurrentNetworks.ATTENTION).paramTable(false);
        INDArray wq = w.get("Wq").reshape(HIDDEN, queries.size(1)); // [heads=1, head, nIn] -> [head, nIn]
        INDArray wk = w.get("Wk").reshape(HIDDEN, states.size(1));
        INDArray wv = w.get("Wv").reshape(HIDDEN, states.size(1));
        INDArray wo = w.get("Wo"); // [heads * head, nOut]
        double largest = 0;
        for (int r = 0; r < 2; r++) {
            for (int t = 0; t < shape.t(); t++) {
                INDArray q = wq.mmul(queries.get(NDArrayIndex.point(r), NDArrayIndex.all(), NDArrayIndex.point(t))
                        .reshape(queries.size(1), 1));
                double[] score = new double[shape.sourceLengths()[r]];
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
                for (int j = 0; j < score.length; j++) { // padded source steps take no weight
                    context.addi(wv.mmul(column(states, r, j)).mul(score[j] / sum));
                }
                INDArray expected = wo.transpose().mmul(context);
                if (t >= shape.targetLengths()[r]) {
                    expected.muli(0); // padded target steps are zeroed
                }
                for (int h = 0; h < HIDDEN; h++) {
                    double diff = Math.abs(expected.getDouble(h, 0) - attended.getDouble(r, h, t));
                    largest = Math.max(largest, diff);
                }
            }
        }
        assertTrue(
                largest < 1e-5,
                "largest difference from the hand computation at " + shape.s() + "x" + shape.t() + ": " + largest);
        assertTrue(attended.amaxNumber().doubleValue() > 1e-3, "attention output is not trivially zero");
    }

    private static INDArray column(INDArray a, int row, int t) {
        return a.get(NDArrayIndex.point(row), NDArrayIndex.all(), NDArrayIndex.point(t))
                .reshape(a.size(1), 1);
    }

    @ParameterizedTest
    @CsvSource({"false,zero", "true,zero", "false,summary"})
    void paddingOnEitherSideChangesNoRealPosition(boolean bidirectional, String start) {
        ComputationGraph g = graph(bidirectional, DecoderStart.parse(start));
        for (Shape shape : SHAPES) {
            INDArray clean = activations(g, shape, false).get("next");
            INDArray junk = activations(g, shape, true).get("next");
            double largest = 0;
            for (int r = 0; r < 2; r++) {
                for (int t = 0; t < shape.targetLengths()[r]; t++) {
                    for (int c = 0; c < TARGET_V; c++) {
                        largest = Math.max(largest, Math.abs(clean.getDouble(r, c, t) - junk.getDouble(r, c, t)));
                    }
                }
            }
            assertEquals(0.0, largest, 1e-6, "junk ids in masked positions changed a real position's prediction");
        }
    }

    /**
     * The decoder started from the summary: its first state is the summary (a decoder fed zeros from that state by hand
     * agrees), and the whole graph passes DL4J's gradient check in double precision on a padded batch, so dL/dh_0
     * reaches the encoder and both embeddings. Without attention: with it DL4J's check fails on the zero-start graph as
     * well (the SameDiff attention vertex), so it would say nothing about the start.
     */
    @ParameterizedTest
    @CsvSource({"lstm,false", "gru,false", "rnn,false"})
    void decoderStartedFromTheSummaryPassesDl4jsGradientCheck(String cell, boolean attention) {
        DataType defaults = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE); // as GradientCheckUtil insists
        try {
            RnnConfig config = RnnConfig.of(Cell.parse(cell), 7).hidden(HIDDEN).clip(0);
            ComputationGraph g = RecurrentNetworks.encoderDecoder(
                            config, SOURCE_V, TARGET_V, 3, attention, DecoderStart.SUMMARY)
                    .convertDataType(DataType.DOUBLE);
            for (var layer : g.getLayers()) {
                ((BaseLayer) layer.conf().getLayer()).setIUpdater(new NoOp());
            }
            for (var vertex : g.getConfiguration().getVertices().values()) {
                if (vertex instanceof SameDiffVertex sd) {
                    sd.setUpdater(new NoOp());
                }
            }
            Shape shape = SHAPES.get(0);
            INDArray[] src = ids(shape.s(), SOURCE_V, shape.sourceLengths(), 1, true);
            INDArray[] tgt = ids(shape.t(), TARGET_V, shape.targetLengths(), 2, true);
            INDArray labels = Nd4j.zeros(DataType.DOUBLE, 2, TARGET_V, shape.t());
            for (int r = 0; r < 2; r++) {
                for (int t = 0; t < shape.t(); t++) {
                    labels.putScalar(new long[] {r, (r + 2 * t) % TARGET_V, t}, 1.0);
                }
            }
            INDArray[] masks = {src[1].castTo(DataType.DOUBLE), tgt[1].castTo(DataType.DOUBLE)};
            INDArray[] inputs = {src[0].castTo(DataType.DOUBLE), tgt[0].castTo(DataType.DOUBLE)};

            // by hand: the same weights in a zero-start graph, its decoder layer given h_0 = summary, c_0 = 0
            INDArray[] a = g.output(List.of("summary", "decoder-input", "decoder"), false, inputs, masks);
            ComputationGraph zero = RecurrentNetworks.encoderDecoder(
                            config, SOURCE_V, TARGET_V, 3, attention, DecoderStart.ZERO)
                    .convertDataType(DataType.DOUBLE);
            zero.setParams(g.params());
            var byHand = (RecurrentLayer) zero.getLayer("decoder");
            byHand.rnnSetPreviousState(Map.of("prevAct", a[0], "prevMem", Nd4j.zeros(DataType.DOUBLE, 2, HIDDEN)));
            INDArray expected = byHand.rnnTimeStep(a[1], LayerWorkspaceMgr.noWorkspaces());
            double largest = 0;
            for (int r = 0; r < 2; r++) {
                for (int t = 0; t < shape.targetLengths()[r]; t++) {
                    for (int h = 0; h < HIDDEN; h++) {
                        largest = Math.max(largest, Math.abs(expected.getDouble(r, h, t) - a[2].getDouble(r, h, t)));
                    }
                }
            }
            assertTrue(largest < 1e-12, "decoder against the hand-started one: " + largest);
            assertTrue(a[0].amaxNumber().doubleValue() > 1e-3, "a zero summary would test nothing");

            assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig()
                    .net(g)
                    .inputs(inputs)
                    .labels(new INDArray[] {labels})
                    .inputMask(masks)
                    .labelMask(new INDArray[] {masks[1]})
                    .epsilon(1e-6)
                    .maxRelError(1e-5)
                    .minAbsoluteError(1e-8)
                    .subset(true)
                    .maxPerParam(25)
                    .print(GradientCheckUtil.PrintMode.FAILURES_ONLY)));
        } finally {
            Nd4j.setDefaultDataTypes(defaults, defaults);
        }
    }

    @Test
    void onlyAForwardEncodersSummaryCanStartTheDecoder() {
        RnnConfig config = RnnConfig.of(Cell.LSTM, 7).hidden(HIDDEN).bidirectional(true);
        assertThrows(
                UserFacingException.class,
                () -> RecurrentNetworks.encoderDecoder(config, SOURCE_V, TARGET_V, 3, false, DecoderStart.SUMMARY));
        ComputationGraph g = graph(false, DecoderStart.SUMMARY);
        assertTrue(StartsFromInputTail.isOn(g.getLayer("decoder").conf().getLayer()));
        assertFalse(StartsFromInputTail.isOn(
                graph(false, DecoderStart.ZERO).getLayer("decoder").conf().getLayer()));
    }
}
