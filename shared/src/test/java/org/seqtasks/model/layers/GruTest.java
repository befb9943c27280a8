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
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(7)
                .dataType(DataType.DOUBLE)
                .list()
                .layer(new Gru.Builder().nIn(N_IN).nOut(H).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .activation(Activation.SOFTMAX)
                        .nIn(H)
                        .nOut(2)
                        .dataFormat(RNNFormat.NCW)
                        .build())
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
        net.params()
                .assign(Nd4j.rand(DataType.DOUBLE, net.params().shape())
                        .subi(0.5)
                        .muli(2));
        double[][] w = net.getParam("0_W").toDoubleMatrix(); // [nIn][3H], blocks r, z, n
        double[][] rw = net.getParam("0_RW").toDoubleMatrix(); // [H][3H]
        double[] b = net.getParam("0_b").toDoubleVector(); // [3H]
        double[] rb = net.getParam("0_RB").toDoubleVector(); // [H]
        INDArray x = Nd4j.rand(DataType.DOUBLE, BATCH, N_IN, STEPS).subi(0.5);
        INDArray out = net.getLayer(0).activate(x, false, LayerWorkspaceMgr.noWorkspaces());
        for (int e = 0; e < BATCH; e++) {
            double[] h = new double[H];
            for (int t = 0; t < STEPS; t++) {
                double[] next = new double[H];
                for (int j = 0; j < H; j++) {
                    double[] in = new double[3]; // x W for r, z, n
                    double[] rec = new double[3]; // h RW for r, z, n
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

    /**
     * An independent implementation: PyTorch 1.13's {@code nn.GRU(3, 2)} (double precision) with these weights gave
     * these outputs. PyTorch keeps gates in the same order [r, z, n], its weights transposed ([3H, nIn]) and a
     * recurrent bias for every gate; the r and z recurrent biases add to the input ones, the n one is this layer's RB.
     */
    @Test
    void equalsPyTorchsGruForCopiedWeights() {
        int nIn = 3;
        int h = 2;
        double[][] weightIh = {
            {-0.8, -0.43, -0.06},
            {0.31, 0.68, -0.75},
            {-0.38, -0.01, 0.36},
            {0.73, -0.7, -0.33},
            {0.04, 0.41, 0.78},
            {-0.65, -0.28, 0.09}
        };
        double[][] weightHh = {{-0.4, -0.03}, {0.34, 0.71}, {-0.72, -0.35}, {0.02, 0.39}, {0.76, -0.67}, {-0.3, 0.07}};
        double[] biasIh = {-0.7, -0.33, 0.04, 0.41, 0.78, -0.65};
        double[] biasHh = {-0.2, 0.17, 0.54, -0.89, -0.52, -0.15};
        double[][] x = {{-0.6, -0.23, 0.14}, {0.51, 0.88, -0.55}, {-0.18, 0.19, 0.56}, {-0.87, -0.5, -0.13}};
        double[][] expected = {
            {0.149496446744, -0.159968543119},
            {0.358323098028, -0.632107023468},
            {0.515855841049, -0.574136467411},
            {0.512314297029, -0.201651002409}
        };

        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .dataType(DataType.DOUBLE)
                .list()
                .layer(new Gru.Builder().nIn(nIn).nOut(h).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE)
                        .activation(Activation.IDENTITY)
                        .nIn(h)
                        .nOut(1)
                        .dataFormat(RNNFormat.NCW)
                        .build())
                .build());
        net.init();
        net.getParam("0_W").assign(Nd4j.create(weightIh).transpose());
        net.getParam("0_RW").assign(Nd4j.create(weightHh).transpose());
        double[] b = new double[3 * h];
        for (int i = 0; i < 3 * h; i++) {
            b[i] = biasIh[i] + (i < 2 * h ? biasHh[i] : 0);
        }
        net.getParam("0_b").assign(Nd4j.create(b).reshape(net.getParam("0_b").shape()));
        net.getParam("0_RB")
                .assign(Nd4j.create(new double[] {biasHh[2 * h], biasHh[2 * h + 1]})
                        .reshape(net.getParam("0_RB").shape()));
        INDArray input = Nd4j.create(x).transpose().reshape(1, nIn, x.length);
        INDArray out = net.getLayer(0).activate(input, false, LayerWorkspaceMgr.noWorkspaces());
        for (int t = 0; t < x.length; t++) {
            for (int j = 0; j < h; j++) {
                assertEquals(expected[t][j], out.getDouble(0, j, t), 1e-11, "unit " + j + ", step " + t);
            }
        }
    }
}
