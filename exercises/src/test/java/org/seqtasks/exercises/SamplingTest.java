package org.seqtasks.exercises;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SamplingTest {
    static final INDArray SCORES = Nd4j.create(new double[] {2.0, 1.0, 0.0, -1.0});

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @Test
    void temperatureSharpensAndFlattens() {
        double[] one = Sampling.probabilities(SCORES, 1.0);
        assertEquals(1.0, Arrays.stream(one).sum(), 1e-12);
        assertEquals(Math.exp(1.0), one[0] / one[1], 1e-12); // softmax: ratios are exp(score differences)
        assertTrue(Sampling.probabilities(SCORES, 0.01)[0] > 0.999, "a low temperature is almost the argmax");
        double[] hot = Sampling.probabilities(SCORES, 1000.0);
        for (double p : hot) assertEquals(0.25, p, 0.01, "a high temperature is almost uniform");
        // scores far beyond exp's range: the shift by the max keeps them finite
        double[] huge = Sampling.probabilities(Nd4j.create(new double[] {1000.0, 999.0}), 1.0);
        assertEquals(1 / (1 + Math.exp(-1.0)), huge[0], 1e-12);
    }

    @Test
    void drawsFollowTheProbabilities() {
        double[] p = Sampling.probabilities(SCORES, 1.0);
        int[] counts = new int[4];
        Random random = new Random(1);
        int draws = 20_000;
        for (int i = 0; i < draws; i++) counts[Sampling.sample(SCORES, 1.0, random)]++;
        for (int k = 0; k < 4; k++) {
            double sd = Math.sqrt(p[k] * (1 - p[k]) / draws);
            assertEquals(p[k], counts[k] / (double) draws, 5 * sd, "symbol " + k);
        }
    }

    @Test
    void theSameSeedGivesTheSameTextAndGreedyIsTheArgmaxLoop() {
        int vocabulary = 5, hidden = 6;
        Nd4j.getRandom().setSeed(12);
        INDArray Wx = Nd4j.randn(vocabulary, hidden),
                Wh = Nd4j.randn(hidden, hidden).muli(0.5);
        INDArray b = Nd4j.randn(1, hidden).muli(0.1), Wy = Nd4j.randn(hidden, vocabulary);
        INDArray by = Nd4j.randn(1, vocabulary).muli(0.1);
        INDArray h0 = Nd4j.zeros(1, hidden);
        int[] a = Sampling.sampleRnn(h0, 0, 40, Wx, Wh, b, Wy, by, 1.0, new Random(3));
        int[] again = Sampling.sampleRnn(h0, 0, 40, Wx, Wh, b, Wy, by, 1.0, new Random(3));
        int[] other = Sampling.sampleRnn(h0, 0, 40, Wx, Wh, b, Wy, by, 1.0, new Random(4));
        assertArrayEquals(a, again);
        assertFalse(Arrays.equals(a, other), "another seed, another text");

        int[] greedy = new int[40];
        INDArray h = h0;
        int symbol = 0;
        for (int t = 0; t < 40; t++) {
            INDArray x = Nd4j.zeros(1, vocabulary);
            x.putScalar(0, symbol, 1.0);
            h = VanillaRnn.stepForward(x, h, Wx, Wh, b);
            symbol = h.mmul(Wy).addRowVector(by).argMax().getInt(0);
            greedy[t] = symbol;
        }
        assertArrayEquals(greedy, Sampling.sampleRnn(h0, 0, 40, Wx, Wh, b, Wy, by, 1e-4, new Random(5)));
    }

    @Test
    void refusesATemperatureThatIsNotPositive() {
        assertThrows(IllegalArgumentException.class, () -> Sampling.probabilities(SCORES, 0.0));
        assertThrows(IllegalArgumentException.class, () -> Sampling.probabilities(SCORES, -1.0));
        assertThrows(IllegalArgumentException.class, () -> Sampling.probabilities(SCORES, Double.NaN));
    }
}
