package org.seqtasks.model.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The step-wise dense layer is tanh(x_t W + b) at each step (by hand) and passes DL4J's gradient check under a mask. */
class StepwiseDenseTest {
    static final int N = 2;
    static final int N_IN = 3;
    static final int N_OUT = 4;
    static final int STEPS = 5;

    private static MultiLayerNetwork network() {
        // SGD at rate 1: GradientCheckUtil checks the raw gradient the updater would see
        var list = new NeuralNetConfiguration.Builder()
                .seed(5)
                .dataType(DataType.DOUBLE)
                .weightInit(WeightInit.XAVIER)
                .updater(new Sgd(1.0))
                .list()
                .layer(StepwiseDense.of(new DenseLayer.Builder()
                        .nIn(N_IN)
                        .nOut(N_OUT)
                        .activation(Activation.TANH)
                        .build()))
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .activation(Activation.SOFTMAX)
                        .nIn(N_OUT)
                        .nOut(2)
                        .dataFormat(RNNFormat.NCW)
                        .build());
        var conf = list.build();
        conf.getInputPreProcessors().clear(); // the list puts a feed-forward-to-RNN step after a dense layer
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    @Test
    void eachStepIsTheDenseLayerOfThatStep() {
        MultiLayerNetwork net = network();
        INDArray x = Nd4j.rand(DataType.DOUBLE, N, N_IN, STEPS).subi(0.5);
        INDArray out = net.feedForward(x, false).get(1);
        assertEquals(3, out.rank());
        INDArray w = net.getLayer(0).getParam("W");
        INDArray b = net.getLayer(0).getParam("b");
        for (int t = 0; t < STEPS; t++) {
            INDArray step = x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(t));
            INDArray expected =
                    org.nd4j.linalg.ops.transforms.Transforms.tanh(step.mmul(w).addRowVector(b));
            INDArray got = out.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(t));
            assertTrue(expected.equalsWithEps(got, 1e-12), "step " + t);
        }
    }

    @Test
    void passesDl4jsGradientCheckUnderAMask() {
        MultiLayerNetwork net = network();
        INDArray x = Nd4j.rand(DataType.DOUBLE, N, N_IN, STEPS).subi(0.5);
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, N, 2, STEPS);
        INDArray mask = Nd4j.ones(DataType.DOUBLE, N, STEPS);
        for (int i = 0; i < N; i++) {
            for (int t = 0; t < STEPS; t++) {
                labels.putScalar(i, (i + t) % 2, t, 1);
            }
        }
        mask.putScalar(1, 3, 0); // the second sequence is two steps shorter
        mask.putScalar(1, 4, 0);
        assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig()
                .net(net)
                .input(x)
                .labels(labels)
                .labelMask(mask)
                .epsilon(1e-6)
                .maxRelError(1e-5)
                .minAbsoluteError(1e-9)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY)));
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
