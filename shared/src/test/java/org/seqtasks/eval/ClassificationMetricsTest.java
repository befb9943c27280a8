package org.seqtasks.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {
    private static ClassificationMetrics of(double[] positiveScores, int[] truth) {
        ClassificationMetrics m = new ClassificationMetrics(2);
        for (int i = 0; i < truth.length; i++) {
            m.add(new double[] {1 - positiveScores[i], positiveScores[i]}, truth[i]);
        }
        return m;
    }

    @Test
    void handComputedBinaryCase() {
        // truth:     1    1    1    0    0    0    0
        // P(pos):   .9   .8   .3   .6   .2   .1   .4  -> predicted 1 1 0 1 0 0 0
        ClassificationMetrics m = of(new double[] {.9, .8, .3, .6, .2, .1, .4}, new int[] {1, 1, 1, 0, 0, 0, 0});
        assertArrayEquals(new long[] {3, 1}, m.confusion()[0]);
        assertArrayEquals(new long[] {1, 2}, m.confusion()[1]);
        assertEquals(5 / 7.0, m.accuracy(), 1e-12);
        assertEquals(2 / 3.0, m.precision(1), 1e-12);
        assertEquals(2 / 3.0, m.recall(1), 1e-12);
        assertEquals(3 / 4.0, m.precision(0), 1e-12);
        assertEquals(3 / 4.0, m.recall(0), 1e-12);
        assertEquals((2 / 3.0 + 3 / 4.0) / 2, m.macroF1(), 1e-12);
        // pairs (pos, neg) ranked right: .9 beats all 4, .8 all 4, .3 beats .2 and .1 -> 10 of 12
        assertEquals(10 / 12.0, m.rocAuc(), 1e-12);
        double nll = -(Math.log(.9) + Math.log(.8) + Math.log(.3) + Math.log(.4) + Math.log(.8) + Math.log(.9) + Math.log(.6)) / 7;
        assertEquals(nll, m.logLoss(), 1e-12);
    }

    @Test
    void tiesCountHalfInAuc() {
        assertEquals(0.5, of(new double[] {.5, .5}, new int[] {1, 0}).rocAuc(), 1e-12);
        assertEquals(1.0, of(new double[] {.7, .6, .2}, new int[] {1, 1, 0}).rocAuc(), 1e-12);
        assertEquals(Double.NaN, of(new double[] {.7}, new int[] {1}).rocAuc());
    }

    @Test
    void aClassNeverPredictedHasZeroPrecisionNotNaN() {
        ClassificationMetrics m = of(new double[] {.9, .8}, new int[] {0, 1});
        assertEquals(0.0, m.precision(0));
        assertEquals(0.0, m.f1(0));
        Map<String, Object> map = m.asMap(List.of("neg", "pos"));
        assertEquals(0.5, (double) map.get("accuracy"), 1e-12);
    }
}
