package org.seqtasks.exercises;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.seqtasks.exercises.GradientCheck.numericGradient;
import static org.seqtasks.exercises.GradientCheck.relError;

import java.util.function.DoubleSupplier;
import org.deeplearning4j.nn.api.layers.RecurrentLayer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class VanillaRnnTest {
    static final int N = 3, D = 4, H = 5, T = 6;

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    static MultiLayerNetwork simpleRnn(long seed) {
        var conf = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.DOUBLE)
                .list()
                .layer(new SimpleRnn.Builder()
                        .nIn(D)
                        .nOut(H)
                        .activation(Activation.TANH)
                        .build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.initGradientsView(); // a layer-level backward pass writes into the network's gradient buffer
        // a fresh layer's bias is 0, which would hide a bias mistake
        net.setParam("0_b", Nd4j.randn(DataType.DOUBLE, H).muli(0.5));
        return net;
    }

    @Test
    void stepBackwardMatchesNumericGradients() {
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.randn(N, D),
                hPrev = Nd4j.randn(N, H),
                Wx = Nd4j.randn(D, H).muli(0.5);
        INDArray Wh = Nd4j.randn(H, H).muli(0.5), b = Nd4j.randn(1, H).muli(0.1), dh = Nd4j.randn(N, H);
        DoubleSupplier loss = () ->
                VanillaRnn.stepForward(x, hPrev, Wx, Wh, b).mul(dh).sumNumber().doubleValue();
        var g = VanillaRnn.stepBackward(dh, x, hPrev, VanillaRnn.stepForward(x, hPrev, Wx, Wh, b), Wx, Wh);
        INDArray[] analytic = {g.dx(), g.dhPrev(), g.dWx(), g.dWh(), g.db()};
        INDArray[] wrt = {x, hPrev, Wx, Wh, b};
        for (int i = 0; i < wrt.length; i++) {
            double error = relError(analytic[i], numericGradient(loss, wrt[i]));
            assertTrue(error < 1e-7, "gradient " + i + ": relative error " + error);
        }
    }

    @Test
    void forwardComputesDl4jsSimpleRnn() {
        MultiLayerNetwork net = simpleRnn(2);
        Nd4j.getRandom().setSeed(2);
        INDArray x = Nd4j.randn(DataType.DOUBLE, N, D, T);
        INDArray ours = VanillaRnn.forward(
                x,
                Nd4j.zeros(N, H),
                net.getParam("0_W"),
                net.getParam("0_RW"),
                net.getParam("0_b").reshape(1, H));
        double error = relError(ours, net.output(x));
        assertTrue(error < 1e-10, "relative error " + error);
    }

    @Test
    void backwardComputesDl4jsGradientsAndTheNumericOnes() {
        MultiLayerNetwork net = simpleRnn(3);
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.randn(DataType.DOUBLE, N, D, T), dh = Nd4j.randn(DataType.DOUBLE, N, H, T);
        INDArray Wx = net.getParam("0_W"),
                Wh = net.getParam("0_RW"),
                b = net.getParam("0_b").reshape(1, H);
        INDArray h0 = Nd4j.zeros(N, H);
        var ours = VanillaRnn.backward(dh, x, h0, VanillaRnn.forward(x, h0, Wx, Wh, b), Wx, Wh);

        var layer = (RecurrentLayer) net.getLayer(0);
        var workspaces = LayerWorkspaceMgr.noWorkspaces();
        layer.setInput(x, workspaces);
        layer.activate(true, workspaces);
        var theirs = layer.backpropGradient(dh, workspaces);
        var grads = theirs.getFirst();
        assertTrue(relError(ours.dWx(), grads.getGradientFor("W")) < 1e-10, "dW");
        assertTrue(relError(ours.dWh(), grads.getGradientFor("RW")) < 1e-10, "dRW");
        assertTrue(relError(ours.db(), grads.getGradientFor("b")) < 1e-10, "db");
        assertTrue(relError(ours.dx(), theirs.getSecond()) < 1e-10, "dx");

        // DL4J starts from h0 = 0 and reports no dh0; the numeric gradient checks it from a non-zero h0
        INDArray someH0 = Nd4j.randn(N, H);
        var withH0 = VanillaRnn.backward(dh, x, someH0, VanillaRnn.forward(x, someH0, Wx, Wh, b), Wx, Wh);
        DoubleSupplier loss = () ->
                VanillaRnn.forward(x, someH0, Wx, Wh, b).mul(dh).sumNumber().doubleValue();
        double error = relError(withH0.dh0(), numericGradient(loss, someH0));
        assertTrue(error < 1e-7, "dh0: relative error " + error);
        double wError = relError(withH0.dWh(), numericGradient(loss, Wh));
        assertTrue(wError < 1e-7, "dWh from a non-zero h0: relative error " + wError);
    }
}
