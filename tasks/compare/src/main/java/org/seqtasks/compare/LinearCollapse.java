package org.seqtasks.compare;

import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Why the recurrence needs a non-linearity: with the identity in place of tanh, a stack of recurrent
 * layers is an affine function of the whole input sequence, f(x) = c + M x, however many layers and
 * steps it has: one matrix, found here by feeding the zero sequence (c) and each unit impulse (the
 * columns of M). {@link #affineError} measures how far a network is from that single map on random
 * inputs: rounding error for the identity network, order one for tanh.
 */
public final class LinearCollapse {
    private final MultiLayerNetwork network;
    private final int inputs;
    private final int steps;

    public LinearCollapse(MultiLayerNetwork network, int inputs, int steps) {
        this.network = network;
        this.inputs = inputs;
        this.steps = steps;
    }

    /**
     * A stack of {@code layers} SimpleRnn layers with {@code activation}, then a linear per-step output:
     * the network both halves of the experiment train and probe. Double precision so the identity
     * network's distance from its linear map is rounding, not float noise.
     */
    public static MultiLayerNetwork stackedRnn(
            Activation activation,
            int nIn,
            int hidden,
            int layers,
            int nOut,
            LossFunctions.LossFunction loss,
            Activation output,
            double learningRate,
            long seed) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.DOUBLE)
                .updater(new Adam(learningRate))
                .weightInit(WeightInit.XAVIER)
                .gradientNormalization(GradientNormalization.ClipElementWiseAbsoluteValue)
                .gradientNormalizationThreshold(5)
                .list();
        int width = nIn;
        for (int i = 0; i < layers; i++) {
            list.layer(
                    i,
                    new SimpleRnn.Builder()
                            .activation(activation)
                            .nIn(width)
                            .nOut(hidden)
                            .build());
            width = hidden;
        }
        list.layer(
                layers,
                new RnnOutputLayer.Builder(loss)
                        .activation(output)
                        .nIn(width)
                        .nOut(nOut)
                        .dataFormat(RNNFormat.NCW)
                        .build());
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        return net;
    }

    /** The network's raw per-step output (before any softmax it may have), flattened. */
    double[] outputs(double[] sequence) {
        INDArray x = Nd4j.create(sequence, new long[] {1, inputs, steps}, 'c')
                .castTo(network.params().dataType());
        // The output layer's pre-activation: the last layer's activations are the softmax when there is one.
        List<INDArray> acts = network.feedForward(x, false);
        INDArray last = acts.get(acts.size() - 2);
        INDArray w = network.getParam((acts.size() - 2) + "_W");
        INDArray b = network.getParam((acts.size() - 2) + "_b");
        // [1, H, T] -> [T, H] x [H, nOut] + b
        INDArray perStep = last.get(NDArrayIndex.point(0)).transpose().mmul(w).addRowVector(b);
        return perStep.dup('c').data().asDouble();
    }

    /** The affine map's offset c = f(0) and matrix M (one column per input element). */
    public double[][] affineMap() {
        int n = inputs * steps;
        double[] offset = outputs(new double[n]);
        double[][] columns = new double[n + 1][];
        columns[0] = offset;
        for (int i = 0; i < n; i++) {
            double[] impulse = new double[n];
            impulse[i] = 1;
            double[] f = outputs(impulse);
            for (int j = 0; j < f.length; j++) {
                f[j] -= offset[j];
            }
            columns[i + 1] = f;
        }
        return columns;
    }

    /**
     * The largest |f(x) - (c + M x)| over {@code trials} Gaussian input sequences, relative to the largest
     * |f(x) - c|: about 1e-15 when the network is one affine map, order 1 when it is not.
     */
    public double affineError(int trials, long seed) {
        double[][] map = affineMap();
        Random random = new Random(seed);
        double worst = 0;
        double scale = 0;
        for (int trial = 0; trial < trials; trial++) {
            double[] x = new double[inputs * steps];
            for (int i = 0; i < x.length; i++) {
                x[i] = random.nextGaussian();
            }
            double[] f = outputs(x);
            for (int j = 0; j < f.length; j++) {
                double predicted = map[0][j];
                for (int i = 0; i < x.length; i++) {
                    predicted += map[i + 1][j] * x[i];
                }
                worst = Math.max(worst, Math.abs(f[j] - predicted));
                scale = Math.max(scale, Math.abs(f[j] - map[0][j]));
            }
        }
        return scale == 0 ? 0 : worst / scale;
    }

    /**
     * Superposition: the largest |f(a+b) - f(a) - f(b) + f(0)| relative to the largest |f(a+b) - f(0)| over
     * random pairs. Zero for an affine map (the f(0) term removes the bias), large for tanh.
     */
    public double superpositionError(int trials, long seed) {
        Random random = new Random(seed);
        double[] zero = outputs(new double[inputs * steps]);
        double worst = 0;
        double scale = 0;
        for (int trial = 0; trial < trials; trial++) {
            double[] a = new double[inputs * steps];
            double[] b = new double[inputs * steps];
            double[] sum = new double[inputs * steps];
            for (int i = 0; i < a.length; i++) {
                a[i] = random.nextGaussian();
                b[i] = random.nextGaussian();
                sum[i] = a[i] + b[i];
            }
            double[] fa = outputs(a);
            double[] fb = outputs(b);
            double[] fs = outputs(sum);
            for (int j = 0; j < fs.length; j++) {
                worst = Math.max(worst, Math.abs(fs[j] - fa[j] - fb[j] + zero[j]));
                scale = Math.max(scale, Math.abs(fs[j] - zero[j]));
            }
        }
        return scale == 0 ? 0 : worst / scale;
    }
}
