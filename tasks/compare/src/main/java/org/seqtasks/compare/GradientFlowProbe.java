package org.seqtasks.compare;

import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.seqtasks.model.Cell;
import org.seqtasks.model.RecurrentNetworks;
import org.seqtasks.model.RnnConfig;

/**
 * How far back a loss reaches: the norm of dL/dx_t, the gradient of a loss placed on the last step only
 * with respect to each step's input, as a function of the distance from that step. DL4J hands back the
 * input gradient from {@link MultiLayerNetwork#calculateGradients}; a label mask keeps the loss on the
 * last step, so every other step's gradient arrives only through the recurrence.
 */
public final class GradientFlowProbe {
    private GradientFlowProbe() {}

    /**
     * Mean over the batch of {@code ||dL/dx_t||}, indexed by distance from the loss: element 0 is the last
     * step, element {@code T-1} the first. {@code features} {@code [batch, nIn, T]}, {@code labels}
     * {@code [batch, nOut, T]} (only the last step is read).
     */
    public static double[] inputGradientNorms(MultiLayerNetwork network, INDArray features, INDArray labels) {
        int batch = (int) features.size(0);
        int steps = (int) features.size(2);
        INDArray labelMask = Nd4j.zeros(features.dataType(), batch, steps);
        labelMask.get(NDArrayIndex.all(), NDArrayIndex.point(steps - 1)).assign(1);
        Pair<?, INDArray> gradients = network.calculateGradients(features, labels, null, labelMask);
        INDArray epsilon = gradients.getSecond(); // [batch, nIn, T]
        double[] byDistance = new double[steps];
        for (int t = 0; t < steps; t++) {
            INDArray step = epsilon.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(t));
            INDArray perExample = step.norm2(1);
            byDistance[steps - 1 - t] = perExample.meanNumber().doubleValue();
        }
        return byDistance;
    }

    /**
     * A one-layer network of {@code cell} whose recurrent weights are {@code scale} times random orthogonal
     * matrices (one per gate block: LSTM 4, GRU 3, SimpleRnn 1), so the recurrent matrix has spectral radius {@code scale}: the
     * lecture's W = 0.2 (vanishing) against W = 3 (exploding) with everything else held equal.
     */
    public static MultiLayerNetwork network(Cell cell, int nIn, int hidden, int nOut, double scale, long seed) {
        MultiLayerNetwork net =
                RecurrentNetworks.perStepClassifier(RnnConfig.of(cell, seed).hidden(hidden), nIn, nOut);
        Random random = new Random(seed);
        int blocks = (int) (net.getParam("0_RW").size(1) / hidden);
        double[][] recurrent = new double[hidden][hidden * blocks];
        for (int block = 0; block < blocks; block++) {
            double[][] q = RandomOrthogonal.matrix(hidden, random);
            for (int i = 0; i < hidden; i++) {
                for (int j = 0; j < hidden; j++) {
                    recurrent[i][block * hidden + j] = scale * q[i][j];
                }
            }
        }
        net.setParam("0_RW", Nd4j.create(recurrent).castTo(DataType.FLOAT));
        return net;
    }

    /** Gaussian inputs and random one-hot targets for {@link #inputGradientNorms}. */
    public static Pair<INDArray, INDArray> randomBatch(int batch, int nIn, int nOut, int steps, long seed) {
        Random random = new Random(seed);
        float[] x = new float[batch * nIn * steps];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        float[] y = new float[batch * nOut * steps];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                y[(b * nOut + random.nextInt(nOut)) * steps + t] = 1f;
            }
        }
        return Pair.of(
                Nd4j.create(x, new long[] {batch, nIn, steps}, 'c'),
                Nd4j.create(y, new long[] {batch, nOut, steps}, 'c'));
    }
}
