package org.seqtasks.model.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The GRU layer against its equations written out by hand, one unit and one step at a time. */
class GruTest {
    private static final int N_IN = 3;
    private static final int H = 4;
    private static final int BATCH = 2;
    private static final int STEPS = 5;

    private static MultiLayerNetwork network() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.DOUBLE).list()
                .layer(new Gru.Builder().nIn(N_IN).nOut(H).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX).nIn(H).nOut(2)
                        .dataFormat(RNNFormat.NCW).build())
                .build());
        net.init();
        return net;
    }

    @Test
    void hasThreeGatesWorthOfWeightsPlusTheCandidatesRecurrentBias() {
        assertEquals(3L * H * (N_IN + H) + 3 * H + H, network().getLayer(0).numParams());
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    @Test
    void followsTheResetAfterEquations() {
        MultiLayerNetwork net = network();
        Nd4j.getRandom().setSeed(11);
        net.params().assign(Nd4j.rand(DataType.DOUBLE, net.params().shape()).subi(0.5).muli(2));
        double[][] w = net.getParam("0_W").toDoubleMatrix();    // [nIn][3H], blocks r, z, n
        double[][] rw = net.getParam("0_RW").toDoubleMatrix();  // [H][3H]
        double[] b = net.getParam("0_b").toDoubleVector();      // [3H]
        double[] rb = net.getParam("0_RB").toDoubleVector();    // [H]
        INDArray x = Nd4j.rand(DataType.DOUBLE, BATCH, N_IN, STEPS).subi(0.5);
        INDArray out = net.getLayer(0).activate(x, false, LayerWorkspaceMgr.noWorkspaces());
        for (int e = 0; e < BATCH; e++) {
            double[] h = new double[H];
            for (int t = 0; t < STEPS; t++) {
                double[] next = new double[H];
                for (int j = 0; j < H; j++) {
                    double[] in = new double[3];   // x W for r, z, n
                    double[] rec = new double[3];  // h RW for r, z, n
                    for (int g = 0; g < 3; g++) {
                        for (int i = 0; i < N_IN; i++) {
                            in[g] += x.getDouble(e, i, t) * w[i][g * H + j];
                        }
                        for (int k = 0; k < H; k++) {
                            rec[g] += h[k] * rw[k][g * H + j];
                        }
                    }
                    double r = sigmoid(in[0] + rec[0] + b[j]);
                    double z = sigmoid(in[1] + rec[1] + b[H + j]);
                    double n = Math.tanh(in[2] + b[2 * H + j] + r * (rec[2] + rb[j]));
                    next[j] = (1 - z) * n + z * h[j];
                }
                h = next;
                for (int j = 0; j < H; j++) {
                    assertEquals(h[j], out.getDouble(e, j, t), 1e-12, "example " + e + ", unit " + j + ", step " + t);
                }
            }
        }
    }
}
