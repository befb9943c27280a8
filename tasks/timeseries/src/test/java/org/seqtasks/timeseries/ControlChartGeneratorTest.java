package org.seqtasks.timeseries;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqtasks.timeseries.ControlChartGenerator.Drawn;

class ControlChartGeneratorTest {
    private static final int N = 60;
    private static final List<Drawn> DRAWN = ControlChartGenerator.draw(100, N, 3);

    @Test
    void theSameSeedGivesTheSameSeriesAndAnotherSeedOthers() {
        List<LabelledSeries> a = ControlChartGenerator.generate(5, N, 11);
        List<LabelledSeries> b = ControlChartGenerator.generate(5, N, 11);
        List<LabelledSeries> c = ControlChartGenerator.generate(5, N, 12);
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).values(), b.get(i).values(), 0.0);
            assertEquals(a.get(i).label(), b.get(i).label());
            assertFalse(Arrays.equals(a.get(i).values(), c.get(i).values()));
        }
    }

    @Test
    void sixBalancedClassesInConsecutiveBlocksLikeTheUciFile() {
        List<LabelledSeries> all = ControlChartGenerator.generate(100, N, 3);
        assertEquals(600, all.size());
        for (int i = 0; i < all.size(); i++) {
            assertEquals(i / 100, all.get(i).label(), "series " + i);
            assertEquals(N, all.get(i).length());
        }
    }

    /** The published formulas, written out again here, from each series' drawn parameters. */
    @Test
    void everySeriesIsItsClassFormulaWithParametersInThePublishedRanges() {
        for (Drawn d : DRAWN) {
            double[] y = d.values();
            for (int i = 0; i < N; i++) {
                int t = i + 1;
                double r = d.noise()[i] / 2;
                assertTrue(r >= -3 && r <= 3, "r in [-3, 3]");
                double expected = 30
                        + 2 * r
                        + switch (d.pattern()) {
                            case NORMAL -> 0;
                            case CYCLIC -> d.amplitude() * Math.sin(2 * Math.PI * t / d.period());
                            case INCREASING_TREND -> d.slope() * t;
                            case DECREASING_TREND -> -d.slope() * t;
                            case UPWARD_SHIFT -> t >= d.shiftStart() ? d.shift() : 0;
                            case DOWNWARD_SHIFT -> t >= d.shiftStart() ? -d.shift() : 0;
                        };
                assertEquals(expected, y[i], 1e-9, d.pattern() + " t=" + t);
            }
            switch (d.pattern()) {
                case CYCLIC -> {
                    assertTrue(d.amplitude() >= 10 && d.amplitude() <= 15, "a in [10, 15]");
                    assertTrue(d.period() >= 10 && d.period() <= 15, "T in [10, 15]");
                }
                case INCREASING_TREND, DECREASING_TREND ->
                    assertTrue(d.slope() >= 0.2 && d.slope() <= 0.5, "g in [0.2, 0.5]");
                case UPWARD_SHIFT, DOWNWARD_SHIFT -> {
                    assertTrue(d.shift() >= 7.5 && d.shift() <= 20, "x in [7.5, 20]");
                    assertTrue(d.shiftStart() >= N / 3 && d.shiftStart() <= 2 * N / 3, "t3 in [n/3, 2n/3]");
                }
                case NORMAL ->
                    assertTrue(Double.isNaN(d.amplitude()) && Double.isNaN(d.slope()) && Double.isNaN(d.shift()));
            }
        }
    }

    /** What a reader of the chart sees, measured on the values alone. */
    @Test
    void eachClassShowsItsDefiningProperty() {
        for (Drawn d : DRAWN) {
            double[] y = d.values();
            double slope = leastSquaresSlope(y);
            switch (d.pattern()) {
                case NORMAL -> {
                    assertTrue(Arrays.stream(y).allMatch(v -> v >= 24 && v <= 36), "normal stays within m +- 3s");
                    assertTrue(Math.abs(slope) < 0.12, "normal has no trend: " + slope);
                }
                case CYCLIC ->
                    assertTrue(max(y) - min(y) > 20, "a cycle of amplitude >= 10 spans more than the noise can");
                case INCREASING_TREND -> assertTrue(slope > 0.1, "increasing: " + slope);
                case DECREASING_TREND -> assertTrue(slope < -0.1, "decreasing: " + slope);
                case UPWARD_SHIFT ->
                    assertTrue(meanFrom(y, d.shiftStart()) - meanBefore(y, d.shiftStart()) > 4, "the level jumps up");
                case DOWNWARD_SHIFT ->
                    assertTrue(meanFrom(y, d.shiftStart()) - meanBefore(y, d.shiftStart()) < -4, "the level drops");
            }
        }
    }

    private static double leastSquaresSlope(double[] y) {
        double tMean = (y.length + 1) / 2.0;
        double yMean = Arrays.stream(y).average().orElseThrow();
        double num = 0;
        double den = 0;
        for (int i = 0; i < y.length; i++) {
            num += (i + 1 - tMean) * (y[i] - yMean);
            den += (i + 1 - tMean) * (i + 1 - tMean);
        }
        return num / den;
    }

    private static double meanBefore(double[] y, int t3) {
        return Arrays.stream(y, 0, t3 - 1).average().orElseThrow();
    }

    private static double meanFrom(double[] y, int t3) {
        return Arrays.stream(y, t3 - 1, y.length).average().orElseThrow();
    }

    private static double max(double[] y) {
        return Arrays.stream(y).max().orElseThrow();
    }

    private static double min(double[] y) {
        return Arrays.stream(y).min().orElseThrow();
    }
}
