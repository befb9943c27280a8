package org.seqtasks.exercises;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.seqtasks.exercises.GradientCheck.relError;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqtasks.model.layers.Gru;

class GruCellTest {
    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @Test
    void stepForwardComputesTheProjectsGruLayer() {
        int n = 2, d = 5, h = 4;
        var conf = new NeuralNetConfiguration.Builder()
                .seed(19)
                .dataType(DataType.DOUBLE)
                .list()
                .layer(new Gru.Builder().nIn(d).nOut(h).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        Nd4j.getRandom().setSeed(20);
        // a fresh layer's biases are 0: random ones make b and RB (and where RB goes) matter
        net.setParam("0_b", Nd4j.randn(DataType.DOUBLE, 3 * h).muli(0.5));
        net.setParam("0_RB", Nd4j.randn(DataType.DOUBLE, h).muli(0.5));
        INDArray W = net.getParam("0_W"), R = net.getParam("0_RW");
        INDArray b = net.getParam("0_b").reshape(1, 3 * h),
                rb = net.getParam("0_RB").reshape(1, h);
        INDArray state = Nd4j.zeros(n, h);
        net.rnnClearPreviousState();
        for (int t = 0; t < 3; t++) {
            INDArray x = Nd4j.randn(n, d);
            net.rnnTimeStep(x);
            INDArray theirs = net.rnnGetPreviousState(0)
                    .get(org.deeplearning4j.nn.layers.recurrent.LSTM.STATE_KEY_PREV_ACTIVATION);
            double error = relError(GruCell.stepForward(x, state, W, R, b, rb), theirs);
            assertTrue(error < 1e-10, "step " + t + ": relative error " + error);
            state = theirs.dup();
        }
    }

    /** One unit, one input, by hand with Math: pins the equations independently of any layer. */
    @Test
    void oneUnitByHand() {
        double x = 0.7, hPrev = -0.4, wr = 0.3, wz = -0.6, wn = 0.9, rr = 0.5, rz = 0.2, rn = -0.8;
        double br = 0.1, bz = -0.2, bn = 0.3, rbn = 0.4;
        double r = sigmoid(x * wr + br + hPrev * rr), z = sigmoid(x * wz + bz + hPrev * rz);
        double candidate = Math.tanh(x * wn + bn + r * (hPrev * rn + rbn));
        double expected = (1 - z) * candidate + z * hPrev;
        INDArray got = GruCell.stepForward(
                Nd4j.create(new double[][] {{x}}),
                Nd4j.create(new double[][] {{hPrev}}),
                Nd4j.create(new double[][] {{wr, wz, wn}}),
                Nd4j.create(new double[][] {{rr, rz, rn}}),
                Nd4j.create(new double[][] {{br, bz, bn}}),
                Nd4j.create(new double[][] {{rbn}}));
        assertEquals(expected, got.getDouble(0, 0), 1e-14);
    }

    static double sigmoid(double a) {
        return 1 / (1 + Math.exp(-a));
    }
}
