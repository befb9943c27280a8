package org.seqtasks.exercises;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * cs231n's temporal softmax loss: a softmax over V scores at every step of every sequence, cross-entropy against the
 * label, summed over the steps the mask keeps and divided by the number of sequences N (DL4J's {@code RnnOutputLayer}
 * with {@code MCXENT} and a label mask scores the same). Padding steps (mask 0) add nothing to the loss or the
 * gradient, which is what lets sequences of different lengths share a minibatch.
 */
public final class TemporalSoftmaxLoss {
    private TemporalSoftmaxLoss() {}

    /** The loss and its gradient for the scores, dScores [N, V, T]. */
    public record Result(double loss, INDArray dScores) {}

    /**
     * @param scores [N, V, T], before the softmax
     * @param labels [N, T], the right class at each step (as numbers 0..V-1)
     * @param mask [N, T], 1 for a real step, 0 for padding
     */
    public static Result lossAndGradient(INDArray scores, INDArray labels, INDArray mask) {
        long n = scores.size(0), v = scores.size(1), steps = scores.size(2);
        if (labels.size(0) != n || labels.size(1) != steps || mask.size(0) != n || mask.size(1) != steps) {
            throw new IllegalArgumentException("scores are [N, V, T] = " + java.util.Arrays.toString(scores.shape())
                    + "; labels and mask must be [N, T], got " + java.util.Arrays.toString(labels.shape()) + " and "
                    + java.util.Arrays.toString(mask.shape()));
        }
        // subtracting each step's max changes nothing mathematically and keeps exp from overflowing
        INDArray shifted = scores.sub(scores.max(true, 1));
        INDArray probabilities = Transforms.exp(shifted, true);
        probabilities.divi(probabilities.sum(true, 1));
        // d(-log p_y)/d(scores) = p - onehot(y), at the kept steps only, divided by N as the loss is
        INDArray dScores = Nd4j.zerosLike(scores);
        double loss = 0;
        for (long i = 0; i < n; i++) {
            for (long t = 0; t < steps; t++) {
                int label = labels.getInt((int) i, (int) t);
                if (label < 0 || label >= v) {
                    throw new IllegalArgumentException(
                            "label " + label + " at [" + i + ", " + t + "] is not in 0.." + (v - 1));
                }
                double keep = mask.getDouble(i, t);
                if (keep == 0) {
                    continue; // skipped, not multiplied by 0: a padding step's p may underflow to 0, and 0 * log 0 is
                    // NaN
                }
                loss -= keep * Math.log(probabilities.getDouble(i, label, t));
                for (long k = 0; k < v; k++) {
                    double target = k == label ? 1 : 0;
                    dScores.putScalar(new long[] {i, k, t}, (probabilities.getDouble(i, k, t) - target) * keep / n);
                }
            }
        }
        return new Result(loss / n, dScores);
    }

    /** The same loss from one-hot labels [N, V, T], DL4J's label format. */
    public static Result lossAndGradientOneHot(INDArray scores, INDArray oneHotLabels, INDArray mask) {
        return lossAndGradient(scores, Nd4j.argMax(oneHotLabels, 1), mask);
    }
}
