package org.seqtasks.exercises;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Sampling the next symbol from a model's scores with a temperature, and min-char-rnn's sampling loop for a vanilla
 * RNN. The randomness comes from a {@link Random} the caller seeds: the same seed gives the same text.
 */
public final class Sampling {
    private Sampling() {}

    /**
     * softmax(scores / temperature) of a score vector (any shape with V entries), as a double[V]. Below 1 the
     * distribution sharpens towards the argmax, above 1 it flattens towards uniform.
     */
    public static double[] probabilities(INDArray scores, double temperature) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("the temperature must be a positive number, got " + temperature);
        }
        double[] s = scores.ravel().toDoubleVector();
        double max = Double.NEGATIVE_INFINITY;
        for (double value : s) max = Math.max(max, value);
        double sum = 0;
        double[] p = new double[s.length];
        for (int k = 0; k < s.length; k++) {
            p[k] = Math.exp((s[k] - max) / temperature); // the max's term is exp(0): no overflow at any temperature
            sum += p[k];
        }
        for (int k = 0; k < p.length; k++) p[k] /= sum;
        return p;
    }

    /** One index drawn from softmax(scores / temperature). */
    public static int sample(INDArray scores, double temperature, Random random) {
        double[] p = probabilities(scores, temperature);
        double u = random.nextDouble(), cumulative = 0;
        for (int k = 0; k < p.length; k++) {
            cumulative += p[k];
            if (u < cumulative) return k;
        }
        return p.length - 1; // u within rounding of 1
    }

    /**
     * min-char-rnn's loop: from state h [1, H] and a first symbol, feed each sampled symbol back in as the next input
     * (one-hot), {@code length} times. Weights as {@link VanillaRnn}'s, plus the output layer Wy [H, V], by [1, V].
     */
    public static int[] sampleRnn(
            INDArray h,
            int first,
            int length,
            INDArray Wx,
            INDArray Wh,
            INDArray b,
            INDArray Wy,
            INDArray by,
            double temperature,
            Random random) {
        int vocabulary = (int) Wx.size(0);
        int[] out = new int[length];
        int symbol = first;
        for (int t = 0; t < length; t++) {
            INDArray x = Nd4j.zeros(Wx.dataType(), 1, vocabulary);
            x.putScalar(0, symbol, 1.0);
            h = VanillaRnn.stepForward(x, h, Wx, Wh, b);
            symbol = sample(h.mmul(Wy).addiRowVector(by), temperature, random);
            out[t] = symbol;
        }
        return out;
    }
}
