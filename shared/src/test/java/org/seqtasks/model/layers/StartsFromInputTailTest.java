package org.seqtasks.model.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.seqtasks.model.LayerImplementation;

/**
 * A layer that starts from its input tail ({@link StartsFromInputTail}) equals the same layer started from that state
 * by hand (DL4J's own LSTM and SimpleRnn through {@code rnnSetPreviousState}; for GRU, ours without the option): the
 * same outputs, and an input gradient equal to central differences of the loss, in double precision, with and without
 * padding; it passes DL4J's gradient check behind another layer (whose gradients need dL/dh_0 to be right); the option
 * survives a save and load, and a configuration without it reads as off.
 */
class StartsFromInputTailTest {
    private static final int N_IN = 5;
    /** The option layer reads the first layer's 9 outputs, of which the last 4 (its width) are h_0. */
    private static final int FIRST = 9;

    private static final int HIDDEN = 4;
    private static final int CLASSES = 3;
    private static final int BATCH = 3;
    private static final int STEPS = 5;

    private static Layer stock(String cell, int nIn) {
        return switch (cell) {
            case "lstm" ->
                new LSTM.Builder()
                        .nIn(nIn)
                        .nOut(HIDDEN)
                        .activation(Activation.TANH)
                        .gateActivationFunction(Activation.SIGMOID)
                        .build();
            case "rnn" ->
                new SimpleRnn.Builder()
                        .nIn(nIn)
                        .nOut(HIDDEN)
                        .activation(Activation.TANH)
                        .build();
            default -> new Gru.Builder().nIn(nIn).nOut(HIDDEN).build();
        };
    }

    private static Layer fast(String cell, int nIn, boolean fromTail) {
        Layer s = stock(cell, nIn);
        Layer f = s instanceof LSTM l ? FastLstm.of(l) : s instanceof SimpleRnn r ? FastSimpleRnn.of(r) : s;
        ((StartsFromInputTail) f).setInitialStateFromInputTail(fromTail);
        return f;
    }

    /** {@code recurrent} (reading FIRST features) and a per-step softmax; SGD at rate 1, as the gradient check wants. */
    private static MultiLayerNetwork network(Layer... layers) {
        var list = new NeuralNetConfiguration.Builder()
                .seed(5)
                .dataType(DataType.DOUBLE)
                .weightInit(WeightInit.XAVIER)
                .updater(new Sgd(1.0))
                .list();
        for (Layer l : layers) {
            list.layer(l);
        }
        list.layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .activation(Activation.SOFTMAX)
                .nIn(HIDDEN)
                .nOut(CLASSES)
                .dataFormat(RNNFormat.NCW)
                .build());
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        // non-zero biases, so every gate's path to h_0 is exercised
        net.params()
                .addi(Nd4j.rand(DataType.DOUBLE, net.params().shape()).subi(0.5).muli(0.4));
        return net;
    }

    /** Inputs of {@code width} features, labels, and (when {@code padded}) right-padded masks of lengths 5, 4, 2. */
    private static DataSet data(int width, boolean padded) {
        Nd4j.getRandom().setSeed(8);
        INDArray x = Nd4j.rand(DataType.DOUBLE, BATCH, width, STEPS).subi(0.5).muli(2);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, BATCH, CLASSES, STEPS);
        for (int b = 0; b < BATCH; b++) {
            for (int t = 0; t < STEPS; t++) {
                y.putScalar(new int[] {b, (2 * b + t) % CLASSES, t}, 1.0);
            }
        }
        INDArray mask = null;
        if (padded) {
            int[] lengths = {5, 4, 2};
            mask = Nd4j.ones(DataType.DOUBLE, BATCH, STEPS);
            for (int b = 0; b < BATCH; b++) {
                for (int t = lengths[b]; t < STEPS; t++) {
                    mask.putScalar(b, t, 0.0);
                }
            }
        }
        return new DataSet(x, y, mask, mask);
    }

    private static INDArray tailAtFirstStep(INDArray x) {
        return x.get(NDArrayIndex.all(), NDArrayIndex.interval(x.size(1) - HIDDEN, x.size(1)), NDArrayIndex.point(0))
                .dup();
    }

    private static double maxDifference(INDArray a, INDArray b) {
        return a.sub(b).amaxNumber().doubleValue();
    }

    @ParameterizedTest
    @CsvSource({"lstm,false", "lstm,true", "rnn,false", "rnn,true", "gru,false", "gru,true"})
    void outputsEqualTheLayerStartedFromThatStateByHand(String cell, boolean padded) {
        MultiLayerNetwork fromTail = network(fast(cell, FIRST, true));
        // the reference: DL4J's own layer (ours for GRU) given h_0 = the tail and c_0 = 0 as a stored state
        MultiLayerNetwork byHand = network(cell.equals("gru") ? fast(cell, FIRST, false) : stock(cell, FIRST));
        byHand.setParams(fromTail.params().dup());
        DataSet ds = data(FIRST, false);
        INDArray x = ds.getFeatures();
        Map<String, INDArray> state = new HashMap<>();
        state.put(FastRecurrentLayer.STATE_H, tailAtFirstStep(x));
        state.put(FastRecurrentLayer.STATE_C, Nd4j.zeros(DataType.DOUBLE, BATCH, HIDDEN));
        byHand.rnnSetPreviousState(0, state);
        INDArray expected = byHand.rnnTimeStep(x);
        assertTrue(maxDifference(expected, fromTail.output(x)) < 1e-12, "outputs of the " + cell);
        // and not what a zero start gives, so this test can tell the two apart
        byHand.rnnClearPreviousState();
        assertTrue(maxDifference(byHand.output(x), fromTail.output(x)) > 1e-3);
        if (padded) {
            // the masked forward pass: real steps as above, padded steps zero
            DataSet p = data(FIRST, true);
            INDArray masked = fromTail.output(x, false, p.getFeaturesMaskArray(), null);
            for (int b = 0; b < BATCH; b++) {
                for (int t = 0; t < STEPS; t++) {
                    boolean real = p.getFeaturesMaskArray().getDouble(b, t) == 1.0;
                    INDArray got = masked.get(NDArrayIndex.point(b), NDArrayIndex.all(), NDArrayIndex.point(t));
                    INDArray want = expected.get(NDArrayIndex.point(b), NDArrayIndex.all(), NDArrayIndex.point(t));
                    if (real) {
                        assertTrue(maxDifference(want, got) < 1e-12, "row " + b + ", step " + t);
                    }
                }
            }
        }
    }

    /** dL/d input, every element, against central differences of the network's score. */
    @ParameterizedTest
    @CsvSource({"lstm,false", "lstm,true", "rnn,true", "gru,false", "gru,true"})
    void inputGradientEqualsCentralDifferences(String cell, boolean padded) {
        MultiLayerNetwork net = network(fast(cell, FIRST, true));
        DataSet ds = data(FIRST, padded);
        INDArray x = ds.getFeatures();
        Pair<Gradient, INDArray> g =
                net.calculateGradients(x, ds.getLabels(), ds.getFeaturesMaskArray(), ds.getLabelsMaskArray());
        INDArray analytic = g.getSecond().dup(); // before the scores below reuse its buffer
        double step = 1e-6;
        double largest = 0;
        double tailLargest = 0;
        for (int b = 0; b < BATCH; b++) {
            for (int i = 0; i < FIRST; i++) {
                for (int t = 0; t < STEPS; t++) {
                    int[] at = {b, i, t};
                    double v = x.getDouble(at);
                    x.putScalar(at, v + step);
                    double up = net.score(ds, false);
                    x.putScalar(at, v - step);
                    double down = net.score(ds, false);
                    x.putScalar(at, v);
                    // DL4J's score is the batch mean; its gradients are the sum (its updater divides later)
                    double numeric = BATCH * (up - down) / (2 * step);
                    largest = Math.max(largest, Math.abs(numeric - analytic.getDouble(at)));
                    if (t == 0 && i >= FIRST - HIDDEN) {
                        tailLargest = Math.max(tailLargest, Math.abs(numeric));
                    }
                }
            }
        }
        assertTrue(largest < 1e-8, "largest difference from central differences: " + largest);
        assertTrue(tailLargest > 1e-4, "the tail at the first step should matter to the loss: " + tailLargest);
    }

    @ParameterizedTest
    @CsvSource({"lstm,false", "lstm,true", "rnn,true", "gru,false", "gru,true"})
    void passesDl4jsGradientCheckBehindAnotherLayer(String cell, boolean padded) {
        Layer first = cell.equals("gru")
                ? new Gru.Builder().nIn(N_IN).nOut(FIRST).build()
                : FastLstm.of(new LSTM.Builder()
                        .nIn(N_IN)
                        .nOut(FIRST)
                        .activation(Activation.TANH)
                        .gateActivationFunction(Activation.SIGMOID)
                        .build());
        MultiLayerNetwork net = network(first, fast(cell, FIRST, true));
        DataSet ds = data(N_IN, padded);
        assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig()
                .net(net)
                .input(ds.getFeatures())
                .labels(ds.getLabels())
                .inputMask(ds.getFeaturesMaskArray())
                .labelMask(ds.getLabelsMaskArray())
                .epsilon(1e-6)
                .maxRelError(1e-5)
                .minAbsoluteError(1e-8)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"lstm", "rnn", "gru"})
    void survivesASaveAndLoad(String cell) throws IOException {
        MultiLayerNetwork net = network(fast(cell, FIRST, true));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(net, bytes, false);
        MultiLayerNetwork loaded =
                ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes.toByteArray()), false);
        assertTrue(StartsFromInputTail.isOn(loaded.getLayer(0).conf().getLayer()));
        INDArray x = data(FIRST, false).getFeatures();
        assertEquals(net.output(x), loaded.output(x));
    }

    /** A configuration saved before the option existed has no such field: it loads with the option off. */
    @ParameterizedTest
    @ValueSource(strings = {"lstm", "rnn", "gru"})
    void aConfigurationWithoutTheOptionReadsAsOff(String cell) {
        String json =
                network(fast(cell, FIRST, true)).getLayerWiseConfigurations().toJson();
        assertTrue(json.contains("\"initialStateFromInputTail\" : true"), json);
        String old = json.replaceAll("\\s*\"initialStateFromInputTail\" : true,?", "");
        assertFalse(old.contains("initialStateFromInputTail"));
        MultiLayerNetwork loaded = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(old));
        loaded.init();
        assertFalse(StartsFromInputTail.isOn(loaded.getLayer(0).conf().getLayer()));
    }

    /** DL4J's own layers have no such option: converting to them would silently start from zeros. */
    @Test
    void doesNotConvertToDl4jsOwnLayers() {
        MultiLayerNetwork net = network(fast("lstm", FIRST, true));
        assertThrows(IllegalArgumentException.class, () -> LayerImplementation.STOCK.convert(net));
        MultiLayerNetwork without = network(fast("lstm", FIRST, false));
        assertTrue(LayerImplementation.STOCK.convert(without) != without);
    }

    @Test
    void batchOneSteppingStartsFromTheFixedTail() {
        MultiLayerNetwork net = network(fast("lstm", FIRST, true));
        INDArray x = data(FIRST, false).getFeatures().castTo(DataType.FLOAT).castTo(DataType.DOUBLE);
        // every step's tail the same, as a decoder's appended summary is
        for (int t = 1; t < STEPS; t++) {
            x.get(NDArrayIndex.all(), NDArrayIndex.interval(FIRST - HIDDEN, FIRST), NDArrayIndex.point(t))
                    .assign(tailAtFirstStep(x));
        }
        INDArray expected = net.output(x);
        BatchOneRecurrence stepper = BatchOneRecurrence.of(net);
        for (int b = 0; b < BATCH; b++) {
            BatchOneRecurrence.Stream s = stepper.stream();
            float[] tail = tailAtFirstStep(x).getRow(b).castTo(DataType.FLOAT).toFloatVector();
            s.fixInputTail(tail);
            for (int t = 0; t < STEPS; t++) {
                float[] head = x.get(
                                NDArrayIndex.point(b), NDArrayIndex.interval(0, FIRST - HIDDEN), NDArrayIndex.point(t))
                        .castTo(DataType.FLOAT)
                        .toFloatVector();
                float[] p = s.next(head);
                for (int c = 0; c < CLASSES; c++) {
                    assertEquals(expected.getDouble(b, c, t), p[c], 1e-5, "row " + b + ", step " + t);
                }
            }
        }
        assertThrows(IllegalStateException.class, () -> stepper.stream().next(new float[FIRST]));
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
