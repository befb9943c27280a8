package org.seqtasks.exercises;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.seqtasks.exercises.GradientCheck.numericGradient;
import static org.seqtasks.exercises.GradientCheck.relError;
import static org.seqtasks.exercises.Steps.putStep;
import static org.seqtasks.exercises.Steps.step;

import java.util.function.DoubleSupplier;
import org.deeplearning4j.nn.api.layers.RecurrentLayer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class LstmCellTest {
    static final int N = 2, D = 5, H = 4, T = 4;

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    static MultiLayerNetwork lstm(long seed) {
        var conf = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.DOUBLE)
                .list()
                .layer(new LSTM.Builder()
                        .nIn(D)
                        .nOut(H)
                        .activation(Activation.TANH)
                        .gateActivationFunction(Activation.SIGMOID)
                        .build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.initGradientsView();
        // random biases in every block: a gate read from the wrong block must change the numbers
        net.setParam("0_b", Nd4j.randn(DataType.DOUBLE, 4 * H).muli(0.5));
        return net;
    }

    @Test
    void stepForwardComputesDl4jsLstmStepAndItsCellState() {
        MultiLayerNetwork net = lstm(4);
        INDArray W = net.getParam("0_W"),
                R = net.getParam("0_RW"),
                b = net.getParam("0_b").reshape(1, 4 * H);
        Nd4j.getRandom().setSeed(4);
        INDArray h = Nd4j.zeros(N, H), c = Nd4j.zeros(N, H);
        net.rnnClearPreviousState();
        for (int t = 0; t < 3; t++) {
            INDArray x = Nd4j.randn(N, D);
            net.rnnTimeStep(x);
            var kept = net.rnnGetPreviousState(0);
            var ours = LstmCell.stepForward(x, h, c, W, R, b);
            INDArray theirH = kept.get(org.deeplearning4j.nn.layers.recurrent.LSTM.STATE_KEY_PREV_ACTIVATION);
            INDArray theirC = kept.get(org.deeplearning4j.nn.layers.recurrent.LSTM.STATE_KEY_PREV_MEMCELL);
            assertTrue(relError(ours.h(), theirH) < 1e-10, "h at step " + t);
            assertTrue(relError(ours.c(), theirC) < 1e-10, "c at step " + t);
            h = theirH.dup();
            c = theirC.dup();
        }
    }

    @Test
    void stepBackwardMatchesNumericGradients() {
        Nd4j.getRandom().setSeed(5);
        INDArray x = Nd4j.randn(N, D), hPrev = Nd4j.randn(N, H).muli(0.5), cPrev = Nd4j.randn(N, H);
        INDArray W = Nd4j.randn(D, 4 * H).muli(0.5), R = Nd4j.randn(H, 4 * H).muli(0.5);
        INDArray b = Nd4j.randn(1, 4 * H).muli(0.5), dh = Nd4j.randn(N, H), dc = Nd4j.randn(N, H);
        DoubleSupplier loss = () -> {
            var s = LstmCell.stepForward(x, hPrev, cPrev, W, R, b);
            return s.h().mul(dh).sumNumber().doubleValue()
                    + s.c().mul(dc).sumNumber().doubleValue();
        };
        var g = LstmCell.stepBackward(dh, dc, x, hPrev, cPrev, W, R, b);
        INDArray[] analytic = {g.dx(), g.dhPrev(), g.dcPrev(), g.dW(), g.dR(), g.db()};
        INDArray[] wrt = {x, hPrev, cPrev, W, R, b};
        for (int i = 0; i < wrt.length; i++) {
            double error = relError(analytic[i], numericGradient(loss, wrt[i]));
            assertTrue(error < 1e-7, "gradient " + i + ": relative error " + error);
        }
    }

    /** The step backward chained over a sequence is BPTT, and must give DL4J's LSTM gradients. */
    @Test
    void stepBackwardOverASequenceComputesDl4jsGradients() {
        MultiLayerNetwork net = lstm(6);
        INDArray W = net.getParam("0_W"),
                R = net.getParam("0_RW"),
                b = net.getParam("0_b").reshape(1, 4 * H);
        Nd4j.getRandom().setSeed(6);
        INDArray x = Nd4j.randn(DataType.DOUBLE, N, D, T), dhAbove = Nd4j.randn(DataType.DOUBLE, N, H, T);
        INDArray[] hs = new INDArray[T + 1], cs = new INDArray[T + 1];
        hs[0] = Nd4j.zeros(N, H);
        cs[0] = Nd4j.zeros(N, H);
        for (int t = 0; t < T; t++) {
            var s = LstmCell.stepForward(step(x, t), hs[t], cs[t], W, R, b);
            hs[t + 1] = s.h();
            cs[t + 1] = s.c();
        }
        INDArray dW = Nd4j.zerosLike(W), dR = Nd4j.zerosLike(R), db = Nd4j.zerosLike(b), dx = Nd4j.zerosLike(x);
        INDArray dhNext = Nd4j.zeros(N, H), dcNext = Nd4j.zeros(N, H);
        for (int t = T - 1; t >= 0; t--) {
            var g = LstmCell.stepBackward(step(dhAbove, t).add(dhNext), dcNext, step(x, t), hs[t], cs[t], W, R, b);
            putStep(dx, t, g.dx());
            dW.addi(g.dW());
            dR.addi(g.dR());
            db.addi(g.db());
            dhNext = g.dhPrev();
            dcNext = g.dcPrev();
        }
        var layer = (RecurrentLayer) net.getLayer(0);
        var workspaces = LayerWorkspaceMgr.noWorkspaces();
        layer.setInput(x, workspaces);
        layer.activate(true, workspaces);
        var theirs = layer.backpropGradient(dhAbove, workspaces);
        assertTrue(relError(dW, theirs.getFirst().getGradientFor("W")) < 1e-8, "dW");
        assertTrue(relError(dR, theirs.getFirst().getGradientFor("RW")) < 1e-8, "dRW");
        assertTrue(relError(db, theirs.getFirst().getGradientFor("b")) < 1e-8, "db");
        assertTrue(relError(dx, theirs.getSecond()) < 1e-8, "dx");
    }
}
