package org.seqtasks.model.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.function.Function;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.seqtasks.model.LayerImplementation;

/**
 * The fused output layer against DL4J's {@code RnnOutputLayer} with the same weights: outputs, score, parameter
 * gradients and the epsilon it hands down, in double precision, with and without label masks (including a step
 * masked in every sequence and a sequence masked at every step), with L2, in a MultiLayerNetwork and a
 * ComputationGraph; DL4J's gradient check; a save with one implementation loaded by the other; truncated BPTT
 * training; and the settings it leaves to DL4J.
 */
class FastRnnOutputLayerTest {
    private static final int N_IN = 5;
    private static final int HIDDEN = 6;
    private static final int CLASSES = 4;
    private static final int BATCH = 5;
    private static final int STEPS = 7;
    private static final double TOLERANCE = 1e-5;

    private static RnnOutputLayer stockOutput(int nIn) {
        return new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .activation(Activation.SOFTMAX)
                .nIn(nIn)
                .nOut(CLASSES)
                .dataFormat(RNNFormat.NCW)
                .build();
    }

    private static Layer fastOutput(int nIn) {
        return FastRnnOutputLayer.of(stockOutput(nIn));
    }

    private static NeuralNetConfiguration.Builder base(DataType type, double lr, double l2) {
        var b = new NeuralNetConfiguration.Builder()
                .seed(7)
                .dataType(type)
                .weightInit(WeightInit.XAVIER)
                .updater(new Sgd(lr));
        if (l2 > 0) {
            b.l2(l2);
        }
        return b;
    }

    /** DL4J's SimpleRnn under the output layer, so the two networks differ only in their output layer. */
    private static MultiLayerNetwork network(Function<Integer, Layer> output, DataType type, double l2, int tbptt) {
        return network(output, type, l2, tbptt, 1.0);
    }

    /** GradientCheckUtil accepts SGD only at rate 1; training uses a smaller one. */
    private static MultiLayerNetwork network(
            Function<Integer, Layer> output, DataType type, double l2, int tbptt, double lr) {
        var list = base(type, lr, l2)
                .list()
                .layer(new SimpleRnn.Builder()
                        .nIn(N_IN)
                        .nOut(HIDDEN)
                        .activation(Activation.TANH)
                        .build())
                .layer(output.apply(HIDDEN));
        if (tbptt > 0) {
            list.backpropType(BackpropType.TruncatedBPTT)
                    .tBPTTForwardLength(tbptt)
                    .tBPTTBackwardLength(tbptt);
        }
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        return net;
    }

    private static ComputationGraph graph(Function<Integer, Layer> output, double l2) {
        var g = base(DataType.DOUBLE, 1.0, l2)
                .graphBuilder()
                .addInputs("in")
                .addLayer(
                        "rnn",
                        new SimpleRnn.Builder()
                                .nIn(N_IN)
                                .nOut(HIDDEN)
                                .activation(Activation.TANH)
                                .build(),
                        "in")
                .addLayer("out", output.apply(HIDDEN), "rnn")
                .setOutputs("out");
        ComputationGraph graph = new ComputationGraph(g.build());
        graph.init();
        return graph;
    }

    /**
     * Random inputs and one-hot labels; masked: right-padded lengths STEPS, STEPS-1, ..., the last sequence wholly
     * masked, and step 2 masked in every sequence.
     */
    private static DataSet data(DataType type, boolean masked, int steps) {
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.rand(type, BATCH, N_IN, steps).subi(0.5).muli(2);
        INDArray y = Nd4j.zeros(type, BATCH, CLASSES, steps);
        for (int b = 0; b < BATCH; b++) {
            for (int t = 0; t < steps; t++) {
                y.putScalar(new int[] {b, (b * 3 + t * t) % CLASSES, t}, 1.0);
            }
        }
        INDArray mask = null;
        if (masked) {
            mask = Nd4j.ones(type, BATCH, steps);
            for (int b = 0; b < BATCH; b++) {
                for (int t = 0; t < steps; t++) {
                    if (t >= steps - b || b == BATCH - 1 || t == 2) {
                        mask.putScalar(b, t, 0.0);
                    }
                }
            }
        }
        return new DataSet(x, y, null, mask);
    }

    private static double maxRelativeDifference(INDArray expected, INDArray actual) {
        INDArray e = expected.castTo(DataType.DOUBLE);
        INDArray a = actual.castTo(DataType.DOUBLE);
        double scale = Math.max(1e-3, e.amaxNumber().doubleValue());
        return e.sub(a).amaxNumber().doubleValue() / scale;
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        assertEquals(
                java.util.Arrays.toString(expected.shape()),
                java.util.Arrays.toString(actual.shape()),
                what + " shape");
        double d = maxRelativeDifference(expected, actual);
        assertTrue(d < TOLERANCE, what + " differs by " + d + " (relative)");
    }

    private static void assertSameGradients(Model stock, Model fast) {
        assertEquals(stock.score(), fast.score(), TOLERANCE * Math.abs(stock.score()), "score");
        for (String key : stock.paramTable().keySet()) {
            assertClose(
                    stock.gradient().getGradientFor(key), fast.gradient().getGradientFor(key), "gradient of " + key);
        }
    }

    /** Labels in 'c' order (the project's batchers) and 'f' (read element by element through their strides). */
    @ParameterizedTest
    @CsvSource({"false,0,c", "true,0,c", "true,0.01,c", "true,0,f"})
    void equalToDl4jInAMultiLayerNetwork(boolean masked, double l2, char labelOrder) {
        MultiLayerNetwork stock = network(FastRnnOutputLayerTest::stockOutput, DataType.DOUBLE, l2, 0);
        MultiLayerNetwork fast = network(FastRnnOutputLayerTest::fastOutput, DataType.DOUBLE, l2, 0);
        stock.params().addi(Nd4j.rand(DataType.DOUBLE, stock.params().shape()).subi(0.5));
        fast.setParams(stock.params().dup());
        assertSame(FastSoftmaxOutputLayer.class, fast.getLayer(1).getClass());
        DataSet ds = data(DataType.DOUBLE, masked, STEPS);
        ds.setLabels(ds.getLabels().dup(labelOrder));
        INDArray lm = ds.getLabelsMaskArray();
        assertClose(
                stock.output(ds.getFeatures(), false, null, lm),
                fast.output(ds.getFeatures(), false, null, lm),
                "output");
        for (MultiLayerNetwork net : new MultiLayerNetwork[] {stock, fast}) {
            net.setInput(ds.getFeatures());
            net.setLabels(ds.getLabels());
            net.setLayerMaskArrays(null, lm);
            net.computeGradientAndScore();
        }
        assertSameGradients(stock, fast);
        assertEquals(stock.score(ds), fast.score(ds), TOLERANCE * Math.abs(stock.score(ds)), "score(DataSet)");
        assertClose(stock.scoreExamples(ds, true), fast.scoreExamples(ds, true), "scoreExamples");
    }

    /**
     * The epsilon the output layer hands down, compared directly (the gradients above see it only through W, RW), for
     * input in 'f' order (what recurrent layers write, copied by the layer's own loop) and 'c' (ND4J's copy).
     */
    @ParameterizedTest
    @CsvSource({"false,f", "true,f", "false,c", "true,c"})
    void handsDownTheSameEpsilon(boolean masked, char order) {
        MultiLayerNetwork stock = network(FastRnnOutputLayerTest::stockOutput, DataType.DOUBLE, 0, 0);
        MultiLayerNetwork fast = network(FastRnnOutputLayerTest::fastOutput, DataType.DOUBLE, 0, 0);
        stock.params().addi(Nd4j.rand(DataType.DOUBLE, stock.params().shape()).subi(0.5));
        fast.setParams(stock.params().dup());
        stock.initGradientsView();
        fast.initGradientsView();
        DataSet ds = data(DataType.DOUBLE, masked, STEPS);
        INDArray hidden = stock.feedForwardToLayer(0, ds.getFeatures(), false).get(1);
        INDArray[] eps = new INDArray[2];
        MultiLayerNetwork[] nets = {stock, fast};
        for (int i = 0; i < 2; i++) {
            var out = (org.deeplearning4j.nn.api.layers.IOutputLayer) nets[i].getOutputLayer();
            out.setInput(hidden.dup(order), LayerWorkspaceMgr.noWorkspaces());
            out.setLabels(ds.getLabels());
            out.setMaskArray(ds.getLabelsMaskArray());
            eps[i] = out.backpropGradient(null, LayerWorkspaceMgr.noWorkspaces())
                    .getSecond()
                    .dup();
        }
        assertClose(eps[0], eps[1], "epsilon");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void equalToDl4jInAComputationGraph(boolean masked) {
        ComputationGraph stock = graph(FastRnnOutputLayerTest::stockOutput, 0.01);
        ComputationGraph fast = graph(FastRnnOutputLayerTest::fastOutput, 0.01);
        stock.params().addi(Nd4j.rand(DataType.DOUBLE, stock.params().shape()).subi(0.5));
        fast.setParams(stock.params().dup());
        assertSame(FastSoftmaxOutputLayer.class, fast.getLayer("out").getClass());
        DataSet ds = data(DataType.DOUBLE, masked, STEPS);
        INDArray[] lm = masked ? new INDArray[] {ds.getLabelsMaskArray()} : null;
        assertClose(
                stock.output(false, new INDArray[] {ds.getFeatures()}, null, lm)[0],
                fast.output(false, new INDArray[] {ds.getFeatures()}, null, lm)[0],
                "output");
        for (ComputationGraph g : new ComputationGraph[] {stock, fast}) {
            g.setInputs(ds.getFeatures());
            g.setLabels(ds.getLabels());
            g.setLayerMaskArrays(null, lm);
            g.computeGradientAndScore();
        }
        assertSameGradients(stock, fast);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void passesDl4jsGradientCheck(boolean masked) {
        MultiLayerNetwork net = network(FastRnnOutputLayerTest::fastOutput, DataType.DOUBLE, 0, 0);
        DataSet ds = data(DataType.DOUBLE, masked, STEPS);
        assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig()
                .net(net)
                .input(ds.getFeatures())
                .labels(ds.getLabels())
                .labelMask(ds.getLabelsMaskArray())
                .epsilon(1e-6)
                .maxRelError(1e-5)
                .minAbsoluteError(1e-8)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY)));
    }

    /** Truncated BPTT (three segments), SGD, float: both output layers train the same network to the same loss. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void trainsUnderTruncatedBpttLikeDl4j(boolean masked) {
        MultiLayerNetwork stock = network(FastRnnOutputLayerTest::stockOutput, DataType.FLOAT, 0, STEPS, 0.02);
        MultiLayerNetwork fast = network(FastRnnOutputLayerTest::fastOutput, DataType.FLOAT, 0, STEPS, 0.02);
        fast.setParams(stock.params().dup());
        DataSet ds = data(DataType.FLOAT, masked, 3 * STEPS);
        double first = stock.score(ds);
        for (int i = 0; i < 20; i++) {
            stock.fit(ds);
            fast.fit(ds);
        }
        double s = stock.score(ds);
        double f = fast.score(ds);
        assertTrue(s < 0.9 * first, "the toy did not train: " + first + " -> " + s);
        assertEquals(s, f, 1e-3 * s, "loss after training");
        assertTrue(maxRelativeDifference(stock.params(), fast.params()) < 1e-3, "parameters after training");
    }

    @ParameterizedTest
    @ValueSource(strings = {"FAST", "STOCK"})
    void aSavedModelLoadsAndPredictsWithTheOtherImplementation(String savedWith) throws IOException {
        LayerImplementation saved = LayerImplementation.valueOf(savedWith);
        LayerImplementation loadedWith =
                saved == LayerImplementation.FAST ? LayerImplementation.STOCK : LayerImplementation.FAST;
        MultiLayerNetwork net = network(
                saved == LayerImplementation.FAST
                        ? FastRnnOutputLayerTest::fastOutput
                        : FastRnnOutputLayerTest::stockOutput,
                DataType.FLOAT,
                0,
                0);
        net.fit(data(DataType.FLOAT, true, STEPS));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(net, bytes, true);
        MultiLayerNetwork restored =
                ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes.toByteArray()), true);
        MultiLayerNetwork other = (MultiLayerNetwork) loadedWith.convert(restored);
        Class<?> expected = loadedWith == LayerImplementation.FAST
                ? FastSoftmaxOutputLayer.class
                : org.deeplearning4j.nn.layers.recurrent.RnnOutputLayer.class;
        assertSame(expected, other.getLayer(1).getClass());
        INDArray x = data(DataType.FLOAT, false, STEPS).getFeatures();
        assertTrue(maxRelativeDifference(net.output(x), other.output(x)) < 1e-6, "predictions after conversion");
        assertEquals(net.getUpdater().getStateViewArray(), other.getUpdater().getStateViewArray());
    }

    /** Weighted losses, other activations and losses run DL4J's own layer, as does the JSON of any RnnOutputLayer. */
    @Test
    void leavesOtherSettingsToDl4j() {
        RnnOutputLayer weighted = new RnnOutputLayer.Builder(new LossMCXENT(Nd4j.createFromArray(1.0, 2.0, 1.0, 1.0)))
                .activation(Activation.SOFTMAX)
                .nIn(HIDDEN)
                .nOut(CLASSES)
                .build();
        RnnOutputLayer mse = new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE)
                .activation(Activation.IDENTITY)
                .nIn(HIDDEN)
                .nOut(CLASSES)
                .build();
        for (RnnOutputLayer stock : new RnnOutputLayer[] {weighted, mse}) {
            MultiLayerNetwork net = network(n -> FastRnnOutputLayer.of(stock), DataType.DOUBLE, 0, 0);
            assertSame(
                    org.deeplearning4j.nn.layers.recurrent.RnnOutputLayer.class,
                    net.getLayer(1).getClass());
        }
    }

    /** GradientCheckUtil insists on double as ND4J's default type, not only the network's. */
    @BeforeAll
    static void doublePrecisionByDefault() {
        defaultTypes = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterAll
    static void restoreDefaultTypes() {
        Nd4j.setDefaultDataTypes(defaultTypes, defaultTypes);
    }

    private static DataType defaultTypes;
}
