package org.seqtasks.model.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.function.Function;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The fast layers against DL4J's own: with the same weights, the same outputs and the same gradients, in double
 * precision (to 1e-10 relative) and in float (to 1e-5), with and without masks, under truncated BPTT, inside
 * Bidirectional, through rnnTimeStep and through a save/load; and DL4J's gradient check on the fast layers alone.
 */
class FastRecurrentLayersTest {
    private static final int N_IN = 5;
    private static final int HIDDEN = 7;
    private static final int CLASSES = 3;
    private static final int BATCH = 4;
    private static final int STEPS = 6;
    private static final double LEARNING_RATE = 0.1;
    /** Central differences in double: step 1e-6; a gradient under 1e-8 in absolute value is below their resolution. */
    private static final double GRADIENT_CHECK_STEP = 1e-6;

    private static final double GRADIENT_CHECK_RELATIVE_ERROR = 1e-5;
    private static final double GRADIENT_CHECK_ABSOLUTE_ERROR = 1e-8;
    private static final int GRADIENT_CHECK_SAMPLES_PER_PARAMETER = 30;

    private static Layer stock(String cell, int nIn) {
        return cell.equals("lstm")
                ? new LSTM.Builder()
                        .nIn(nIn)
                        .nOut(HIDDEN)
                        .activation(Activation.TANH)
                        .gateActivationFunction(Activation.SIGMOID)
                        .build()
                : new SimpleRnn.Builder()
                        .nIn(nIn)
                        .nOut(HIDDEN)
                        .activation(Activation.TANH)
                        .build();
    }

    private static Layer fast(String cell, int nIn) {
        if (cell.equals("gru")) {
            return new Gru.Builder().nIn(nIn).nOut(HIDDEN).build();
        }
        Layer s = stock(cell, nIn);
        return s instanceof LSTM l ? FastLstm.of(l) : FastSimpleRnn.of((SimpleRnn) s);
    }

    /** Two recurrent layers (optionally bidirectional) and a per-step softmax. */
    private static MultiLayerNetwork network(
            Function<Integer, Layer> recurrent, boolean bidirectional, DataType type, int tbptt) {
        return network(recurrent, bidirectional, type, tbptt, LEARNING_RATE);
    }

    /** GradientCheckUtil accepts SGD only at rate 1 (it checks the raw gradient the updater would see). */
    private static MultiLayerNetwork gradientCheckNetwork(String cell, boolean bidirectional) {
        return network(c -> fast(cell, c), bidirectional, DataType.DOUBLE, 0, 1.0);
    }

    private static MultiLayerNetwork network(
            Function<Integer, Layer> recurrent, boolean bidirectional, DataType type, int tbptt, double lr) {
        int width = bidirectional ? 2 * HIDDEN : HIDDEN;
        var list = new NeuralNetConfiguration.Builder()
                .seed(12)
                .dataType(type)
                .weightInit(WeightInit.XAVIER)
                .updater(new Sgd(lr))
                .list()
                .layer(
                        bidirectional
                                ? new Bidirectional(Bidirectional.Mode.CONCAT, recurrent.apply(N_IN))
                                : recurrent.apply(N_IN))
                .layer(
                        bidirectional
                                ? new Bidirectional(Bidirectional.Mode.CONCAT, recurrent.apply(width))
                                : recurrent.apply(width))
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .activation(Activation.SOFTMAX)
                        .nIn(width)
                        .nOut(CLASSES)
                        .dataFormat(RNNFormat.NCW)
                        .build());
        if (tbptt > 0) {
            list.backpropType(BackpropType.TruncatedBPTT)
                    .tBPTTForwardLength(tbptt)
                    .tBPTTBackwardLength(tbptt);
        }
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        return net;
    }

    private record Pair(MultiLayerNetwork stock, MultiLayerNetwork fast) {}

    private static Pair pair(String cell, boolean bidirectional, DataType type, int tbptt) {
        MultiLayerNetwork s = network(c -> stock(cell, c), bidirectional, type, tbptt);
        MultiLayerNetwork f = network(c -> fast(cell, c), bidirectional, type, tbptt);
        // Non-zero biases, so that every gate's bias gradient is exercised.
        s.params().addi(Nd4j.rand(type, s.params().shape()).subi(0.5).muli(0.2));
        f.setParams(s.params().dup());
        return new Pair(s, f);
    }

    private static DataSet data(DataType type, boolean masked, int steps) {
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.rand(type, BATCH, N_IN, steps).subi(0.5).muli(2);
        INDArray y = Nd4j.zeros(type, BATCH, CLASSES, steps);
        for (int b = 0; b < BATCH; b++) {
            for (int t = 0; t < steps; t++) {
                y.putScalar(new int[] {b, (b + t) % CLASSES, t}, 1.0);
            }
        }
        INDArray mask = null;
        if (masked) {
            // Right-padded sequences of lengths steps, steps-1, ..., as the project's batchers make them.
            mask = Nd4j.ones(type, BATCH, steps);
            for (int b = 0; b < BATCH; b++) {
                for (int t = steps - b; t < steps; t++) {
                    mask.putScalar(b, t, 0.0);
                    for (int i = 0; i < N_IN; i++) {
                        x.putScalar(new int[] {b, i, t}, 0.0);
                    }
                }
            }
        }
        return new DataSet(x, y, mask, mask);
    }

    private static double maxRelativeDifference(INDArray expected, INDArray actual) {
        INDArray e = expected.castTo(DataType.DOUBLE);
        INDArray a = actual.castTo(DataType.DOUBLE);
        double scale = Math.max(1e-3, e.amaxNumber().doubleValue());
        return e.sub(a).amaxNumber().doubleValue() / scale;
    }

    private static void assertSameOutputsAndGradients(Pair p, DataSet ds, double tolerance) {
        p.stock.setLayerMaskArrays(ds.getFeaturesMaskArray(), ds.getLabelsMaskArray());
        p.fast.setLayerMaskArrays(ds.getFeaturesMaskArray(), ds.getLabelsMaskArray());
        INDArray outStock = p.stock.output(ds.getFeatures(), false, ds.getFeaturesMaskArray(), ds.getLabelsMaskArray());
        INDArray outFast = p.fast.output(ds.getFeatures(), false, ds.getFeaturesMaskArray(), ds.getLabelsMaskArray());
        assertTrue(
                maxRelativeDifference(outStock, outFast) < tolerance,
                "outputs differ by " + maxRelativeDifference(outStock, outFast));
        p.stock.setInput(ds.getFeatures());
        p.stock.setLabels(ds.getLabels());
        p.stock.setLayerMaskArrays(ds.getFeaturesMaskArray(), ds.getLabelsMaskArray());
        p.stock.computeGradientAndScore();
        p.fast.setInput(ds.getFeatures());
        p.fast.setLabels(ds.getLabels());
        p.fast.setLayerMaskArrays(ds.getFeaturesMaskArray(), ds.getLabelsMaskArray());
        p.fast.computeGradientAndScore();
        assertEquals(p.stock.score(), p.fast.score(), tolerance * Math.abs(p.stock.score()));
        for (String key : p.stock.paramTable().keySet()) {
            INDArray gs = p.stock.gradient().getGradientFor(key);
            INDArray gf = p.fast.gradient().getGradientFor(key);
            double d = maxRelativeDifference(gs, gf);
            assertTrue(d < tolerance, "gradient of " + key + " differs by " + d + " (relative)");
        }
    }

    @ParameterizedTest
    @CsvSource({
        "lstm,false,false",
        "lstm,true,false",
        "rnn,false,false",
        "rnn,true,false",
        "lstm,false,true",
        "lstm,true,true"
    })
    void equalToDl4jInDoublePrecision(String cell, boolean masked, boolean bidirectional) {
        assertSameOutputsAndGradients(
                pair(cell, bidirectional, DataType.DOUBLE, 0), data(DataType.DOUBLE, masked, STEPS), 1e-10);
    }

    @ParameterizedTest
    @CsvSource({"lstm,false", "lstm,true", "rnn,false", "rnn,true"})
    void equalToDl4jInFloat(String cell, boolean masked) {
        assertSameOutputsAndGradients(pair(cell, false, DataType.FLOAT, 0), data(DataType.FLOAT, masked, STEPS), 1e-5);
    }

    /** One segment of truncated BPTT is ordinary BPTT: one fit with SGD moves the weights exactly as DL4J's does. */
    @ParameterizedTest
    @CsvSource({"lstm", "rnn"})
    void oneTruncatedSegmentTrainsLikeDl4j(String cell) {
        Pair p = pair(cell, false, DataType.DOUBLE, 12);
        DataSet ds = data(DataType.DOUBLE, false, 12);
        p.stock.fit(ds);
        p.fast.fit(ds);
        double d = maxRelativeDifference(p.stock.params(), p.fast.params());
        assertTrue(d < 1e-10, "parameters after one fit differ by " + d);
    }

    /**
     * From the second segment on, truncated BPTT must give the gradient of that segment's loss with the state carried in
     * from the segment before held fixed. Checked against central differences of exactly that loss. DL4J 1.0.0-M2.1's own
     * LSTM and SimpleRnn do not (their backward pass recomputes the segment from another state): pinned, so that a DL4J
     * upgrade that fixes it is noticed.
     */
    @ParameterizedTest
    @CsvSource({"lstm", "rnn", "gru"})
    void laterTruncatedSegmentsFollowTheirOwnLoss(String cell) {
        int segment = 4;
        DataSet ds = data(DataType.DOUBLE, false, 2 * segment);
        var all = NDArrayIndex.all();
        INDArray x1 = ds.getFeatures()
                .get(all, all, NDArrayIndex.interval(0, segment))
                .dup();
        INDArray x2 = ds.getFeatures()
                .get(all, all, NDArrayIndex.interval(segment, 2 * segment))
                .dup();
        INDArray y1 =
                ds.getLabels().get(all, all, NDArrayIndex.interval(0, segment)).dup();
        INDArray y2 = ds.getLabels()
                .get(all, all, NDArrayIndex.interval(segment, 2 * segment))
                .dup();
        boolean hasStock = !cell.equals("gru");
        MultiLayerNetwork fastNet = network(c -> fast(cell, c), false, DataType.DOUBLE, segment);
        fastNet.params()
                .addi(Nd4j.rand(DataType.DOUBLE, fastNet.params().shape())
                        .subi(0.5)
                        .muli(0.2));
        MultiLayerNetwork stockNet = hasStock ? network(c -> stock(cell, c), false, DataType.DOUBLE, segment) : null;
        if (hasStock) {
            stockNet.setParams(fastNet.params().dup());
        }
        INDArray start = fastNet.params().dup();
        // After the first segment: weights theta1 (one SGD step on it alone) and the state s1 it hands on (with the
        // start weights).
        MultiLayerNetwork scratch = network(c -> fast(cell, c), false, DataType.DOUBLE, segment);
        scratch.setParams(start.dup());
        scratch.fit(new DataSet(x1, y1));
        INDArray theta1 = scratch.params().dup();
        scratch.setParams(start.dup());
        scratch.rnnClearPreviousState();
        scratch.rnnTimeStep(x1);
        Map<String, INDArray> s1 = scratch.rnnGetPreviousState(0);
        Map<String, INDArray> s1Above = scratch.rnnGetPreviousState(1);
        fastNet.fit(ds);
        INDArray fastGradient = theta1.sub(fastNet.params()).divi(LEARNING_RATE);
        INDArray stockGradient = fastGradient;
        if (hasStock) {
            stockNet.fit(ds);
            stockGradient = theta1.sub(stockNet.params()).divi(LEARNING_RATE);
        }
        double worstFast = 0;
        double worstStock = 0;
        for (long k = 0; k < theta1.length(); k += 7) {
            double h = 1e-6;
            INDArray plus = theta1.dup();
            plus.putScalar(k, plus.getDouble(k) + h);
            INDArray minus = theta1.dup();
            minus.putScalar(k, minus.getDouble(k) - h);
            double numeric =
                    (segmentLoss(scratch, plus, s1, s1Above, x2, y2) - segmentLoss(scratch, minus, s1, s1Above, x2, y2))
                            / (2 * h);
            double scale = Math.max(1e-3, Math.abs(numeric));
            worstFast = Math.max(worstFast, Math.abs(fastGradient.getDouble(k) - numeric) / scale);
            worstStock = Math.max(worstStock, Math.abs(stockGradient.getDouble(k) - numeric) / scale);
        }
        assertTrue(
                worstFast < 1e-5, "fast " + cell + ": worst relative error against the numeric gradient " + worstFast);
        if (hasStock) {
            assertTrue(
                    worstStock > 1e-2,
                    "DL4J's " + cell + " now follows the segment loss (" + worstStock + "): the pin can go");
        }
    }

    /** The score DL4J gives a segment (summed cross-entropy over steps, averaged over the batch), from a fixed state. */
    private static double segmentLoss(
            MultiLayerNetwork net,
            INDArray theta,
            Map<String, INDArray> state0,
            Map<String, INDArray> state1,
            INDArray x,
            INDArray y) {
        net.setParams(theta);
        net.rnnClearPreviousState();
        net.rnnSetPreviousState(0, state0);
        net.rnnSetPreviousState(1, state1);
        INDArray out = net.rnnTimeStep(x);
        return -Nd4j.math.log(out).muli(y).sumNumber().doubleValue() / x.size(0);
    }

    @ParameterizedTest
    @CsvSource({"lstm", "rnn", "gru"})
    void rnnTimeStepContinuesTheSequence(String cell) {
        Pair p = cell.equals("gru") ? gruPair() : pair(cell, false, DataType.DOUBLE, 0);
        INDArray x = data(DataType.DOUBLE, false, STEPS).getFeatures();
        INDArray whole = p.fast.output(x);
        p.fast.rnnClearPreviousState();
        INDArray first = p.fast.rnnTimeStep(x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 2)));
        INDArray second =
                p.fast.rnnTimeStep(x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(2, 3)));
        INDArray rest =
                p.fast.rnnTimeStep(x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(3, STEPS)));
        INDArray stepped = Nd4j.concat(2, first, second, rest);
        assertTrue(maxRelativeDifference(whole, stepped) < 1e-12);
        p.stock.rnnClearPreviousState();
        INDArray stockStepped = Nd4j.concat(
                2,
                p.stock.rnnTimeStep(x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 2))),
                p.stock.rnnTimeStep(x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(2, STEPS))));
        assertTrue(maxRelativeDifference(stockStepped, stepped) < 1e-10);
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

    /** A GRU has no DL4J twin: two copies of the same network stand in, so the stepping test reads the same. */
    private static Pair gruPair() {
        MultiLayerNetwork a = network(c -> fast("gru", c), false, DataType.DOUBLE, 0);
        a.params().addi(Nd4j.rand(DataType.DOUBLE, a.params().shape()).subi(0.5).muli(0.2));
        MultiLayerNetwork b = network(c -> fast("gru", c), false, DataType.DOUBLE, 0);
        b.setParams(a.params().dup());
        return new Pair(b, a);
    }

    @ParameterizedTest
    @CsvSource({"lstm,false", "lstm,true", "rnn,false", "rnn,true", "gru,false", "gru,true"})
    void passesDl4jsGradientCheck(String cell, boolean masked) {
        MultiLayerNetwork net = gradientCheckNetwork(cell, false);
        DataSet ds = data(DataType.DOUBLE, masked, STEPS);
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig()
                .net(net)
                .input(ds.getFeatures())
                .labels(ds.getLabels())
                .inputMask(ds.getFeaturesMaskArray())
                .labelMask(ds.getLabelsMaskArray())
                .epsilon(GRADIENT_CHECK_STEP)
                .maxRelError(GRADIENT_CHECK_RELATIVE_ERROR)
                .minAbsoluteError(GRADIENT_CHECK_ABSOLUTE_ERROR)
                .subset(true)
                .maxPerParam(GRADIENT_CHECK_SAMPLES_PER_PARAMETER)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
        assertTrue(ok, "gradient check of the fast " + cell);
    }

    @ParameterizedTest
    @CsvSource({"lstm", "gru"})
    void bidirectionalPassesDl4jsGradientCheck(String cell) {
        MultiLayerNetwork net = gradientCheckNetwork(cell, true);
        DataSet ds = data(DataType.DOUBLE, true, STEPS);
        assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig()
                .net(net)
                .input(ds.getFeatures())
                .labels(ds.getLabels())
                .inputMask(ds.getFeaturesMaskArray())
                .labelMask(ds.getLabelsMaskArray())
                .epsilon(GRADIENT_CHECK_STEP)
                .maxRelError(GRADIENT_CHECK_RELATIVE_ERROR)
                .minAbsoluteError(GRADIENT_CHECK_ABSOLUTE_ERROR)
                .subset(true)
                .maxPerParam(GRADIENT_CHECK_SAMPLES_PER_PARAMETER)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY)));
    }

    @ParameterizedTest
    @CsvSource({"lstm", "gru"})
    void survivesASaveAndLoad(String cell) throws IOException {
        MultiLayerNetwork net = network(c -> fast(cell, c), false, DataType.FLOAT, 0);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(net, bytes, true);
        MultiLayerNetwork loaded =
                ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes.toByteArray()), true);
        assertEquals(
                net.getLayer(0).conf().getLayer().getClass(),
                loaded.getLayer(0).conf().getLayer().getClass());
        INDArray x = data(DataType.FLOAT, false, STEPS).getFeatures();
        assertEquals(net.output(x), loaded.output(x));
    }
}
