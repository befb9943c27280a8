package org.seqtasks.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqtasks.model.Cell;
import org.seqtasks.model.RecurrentNetworks;
import org.seqtasks.model.RnnConfig;

class GradientFlowProbeTest {
    /**
     * One input, one tanh unit, two softmax outputs, loss on the last step: h_t = tanh(w x_t + u h_{t-1} + b),
     * dL/dh_T = V (p - y), dL/dh_{t-1} = u (1 - h_t^2) dL/dh_t, dL/dx_t = w (1 - h_t^2) dL/dh_t.
     */
    @Test
    void oneUnitRnnMatchesTheGradientComputedByHand() {
        double w = 0.7;
        double u = 0.9;
        double b = 0.1;
        double[] v = {1.3, -0.4};
        double[] c = {0.05, -0.02};
        double[] x = {0.5, -1.0, 0.8, 0.3};
        int target = 1;
        MultiLayerNetwork net =
                RecurrentNetworks.perStepClassifier(RnnConfig.of(Cell.RNN, 1).hidden(1), 1, 2);
        net.setParam("0_W", scalar(w));
        net.setParam("0_RW", scalar(u));
        net.setParam("0_b", scalar(b));
        net.setParam("1_W", Nd4j.create(new double[][] {v}).castTo(DataType.FLOAT));
        net.setParam("1_b", Nd4j.create(new double[][] {c}).castTo(DataType.FLOAT));

        int steps = x.length;
        double[] h = new double[steps];
        double previous = 0;
        for (int t = 0; t < steps; t++) {
            h[t] = Math.tanh(w * x[t] + u * previous + b);
            previous = h[t];
        }
        double z0 = v[0] * h[steps - 1] + c[0];
        double z1 = v[1] * h[steps - 1] + c[1];
        double p1 = Math.exp(z1) / (Math.exp(z0) + Math.exp(z1));
        double p0 = 1 - p1;
        double dh = v[0] * (p0 - (target == 0 ? 1 : 0)) + v[1] * (p1 - (target == 1 ? 1 : 0));
        double[] expectedByStep = new double[steps];
        for (int t = steps - 1; t >= 0; t--) {
            expectedByStep[t] = Math.abs(w * (1 - h[t] * h[t]) * dh);
            dh = u * (1 - h[t] * h[t]) * dh;
        }

        INDArray features = Nd4j.create(x, new long[] {1, 1, steps}, 'c').castTo(DataType.FLOAT);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 1, 2, steps);
        labels.putScalar(new long[] {0, target, steps - 1}, 1);
        double[] norms = GradientFlowProbe.inputGradientNorms(net, features, labels);
        for (int d = 0; d < steps; d++) {
            double expected = expectedByStep[steps - 1 - d];
            assertEquals(expected, norms[d], 1e-5 * Math.max(1, expected), "distance " + d);
        }
    }

    @Test
    void smallRecurrentScaleVanishesFasterThanLargeForSimpleRnn() {
        var data = GradientFlowProbe.randomBatch(4, 3, 4, 20, 7);
        double[] small = GradientFlowProbe.inputGradientNorms(
                GradientFlowProbe.network(Cell.RNN, 3, 8, 4, 0.2, 7), data.getFirst(), data.getSecond());
        double[] unit = GradientFlowProbe.inputGradientNorms(
                GradientFlowProbe.network(Cell.RNN, 3, 8, 4, 1.0, 7), data.getFirst(), data.getSecond());
        // each step multiplies by at most 0.2 (|tanh'| <= 1): 19 steps is below 0.2^19 ~ 5e-14 of the start
        assertTrue(small[19] / small[0] < 1e-12, "scale 0.2 ratio " + small[19] / small[0]);
        assertTrue(unit[19] / unit[0] > small[19] / small[0] * 1e6, "scale 1 keeps far more gradient than 0.2");
    }

    @Test
    void recurrentWeightsHaveTheRequestedSpectralScale() {
        MultiLayerNetwork net = GradientFlowProbe.network(Cell.LSTM, 3, 6, 2, 3.0, 1);
        INDArray rw = net.getParam("0_RW");
        assertEquals(6, rw.rows());
        assertEquals(24, rw.columns());
        // each gate block is 3 x an orthogonal matrix: its columns have norm 3
        for (int col = 0; col < 24; col++) {
            assertEquals(3.0, rw.getColumn(col).norm2Number().doubleValue(), 1e-4);
        }
    }

    private static INDArray scalar(double value) {
        return Nd4j.create(new double[][] {{value}}).castTo(DataType.FLOAT);
    }
}
