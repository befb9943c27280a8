package org.seqtasks.timeseries;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Control-chart series generated with the six formulas that made the UCI Synthetic Control data set (Alcock &amp;
 * Manolopoulos 1999), so the classification task has a default that needs no download. With {@code t = 1..n}, a noise
 * draw {@code r ~ U[-3, 3]} per step and {@code m = 30, s = 2}:
 *
 * <pre>
 * normal            y(t) = m + r s
 * cyclic            y(t) = m + r s + a sin(2 pi t / T)         a, T ~ U[10, 15]
 * increasing trend  y(t) = m + r s + g t                       g ~ U[0.2, 0.5]
 * decreasing trend  y(t) = m + r s - g t
 * upward shift      y(t) = m + r s + k x                       x ~ U[7.5, 20], k = 0 before t3, 1 from t3 on,
 * downward shift    y(t) = m + r s - k x                       t3 ~ U[n/3, 2n/3]
 * </pre>
 *
 * The same seed gives the same series; classes come in consecutive blocks in {@link ControlChartClass} order, as in the
 * UCI file.
 */
public final class ControlChartGenerator {
    public static final double MEAN = 30;
    public static final double NOISE_SCALE = 2;
    public static final double NOISE_RANGE = 3;
    public static final double MIN_AMPLITUDE = 10;
    public static final double MAX_AMPLITUDE = 15;
    public static final double MIN_PERIOD = 10;
    public static final double MAX_PERIOD = 15;
    public static final double MIN_SLOPE = 0.2;
    public static final double MAX_SLOPE = 0.5;
    public static final double MIN_SHIFT = 7.5;
    public static final double MAX_SHIFT = 20;
    /** The UCI file's size: 100 series of 60 steps per class. */
    public static final int UCI_PER_CLASS = 100;

    public static final int UCI_LENGTH = 60;

    private ControlChartGenerator() {}

    /**
     * One generated series with the parameters it was drawn with ({@code NaN} / -1 where its class has none).
     *
     * @param noise      {@code r s} at each step
     * @param shiftStart t3, the first (1-based) step of the shift
     */
    public record Drawn(
            ControlChartClass pattern,
            double[] noise,
            double amplitude,
            double period,
            double slope,
            double shift,
            int shiftStart) {
        /** y(t) for t = 1..n by the class's formula. */
        public double[] values() {
            double[] y = new double[noise.length];
            for (int i = 0; i < y.length; i++) {
                int t = i + 1;
                double base = MEAN + noise[i];
                y[i] = switch (pattern) {
                    case NORMAL -> base;
                    case CYCLIC -> base + amplitude * Math.sin(2 * Math.PI * t / period);
                    case INCREASING_TREND -> base + slope * t;
                    case DECREASING_TREND -> base - slope * t;
                    case UPWARD_SHIFT -> base + (t >= shiftStart ? shift : 0);
                    case DOWNWARD_SHIFT -> base - (t >= shiftStart ? shift : 0);
                };
            }
            return y;
        }

        public LabelledSeries series() {
            return new LabelledSeries(values(), pattern.ordinal());
        }
    }

    /** {@code perClass} series of {@code length} steps per class, classes in consecutive blocks. */
    public static List<Drawn> draw(int perClass, int length, long seed) {
        if (perClass < 1 || length < 3) {
            throw new IllegalArgumentException(
                    "need >= 1 series per class and >= 3 steps, got " + perClass + " x " + length);
        }
        Random random = new Random(seed);
        List<Drawn> out = new ArrayList<>(perClass * ControlChartClass.values().length);
        for (ControlChartClass c : ControlChartClass.values()) {
            for (int k = 0; k < perClass; k++) {
                double[] noise = new double[length];
                for (int i = 0; i < length; i++) {
                    noise[i] = uniform(random, -NOISE_RANGE, NOISE_RANGE) * NOISE_SCALE;
                }
                // Every parameter is drawn for every series, so one class's draws do not shift another's stream.
                double amplitude = uniform(random, MIN_AMPLITUDE, MAX_AMPLITUDE);
                double period = uniform(random, MIN_PERIOD, MAX_PERIOD);
                double slope = uniform(random, MIN_SLOPE, MAX_SLOPE);
                double shift = uniform(random, MIN_SHIFT, MAX_SHIFT);
                int shiftStart = (int) Math.round(uniform(random, length / 3.0, 2 * length / 3.0));
                boolean cyclic = c == ControlChartClass.CYCLIC;
                boolean trend = c == ControlChartClass.INCREASING_TREND || c == ControlChartClass.DECREASING_TREND;
                boolean shifted = c == ControlChartClass.UPWARD_SHIFT || c == ControlChartClass.DOWNWARD_SHIFT;
                out.add(new Drawn(
                        c,
                        noise,
                        cyclic ? amplitude : Double.NaN,
                        cyclic ? period : Double.NaN,
                        trend ? slope : Double.NaN,
                        shifted ? shift : Double.NaN,
                        shifted ? shiftStart : -1));
            }
        }
        return out;
    }

    /** The series of {@link #draw}, without their parameters. */
    public static List<LabelledSeries> generate(int perClass, int length, long seed) {
        return draw(perClass, length, seed).stream().map(Drawn::series).toList();
    }

    private static double uniform(Random random, double from, double to) {
        return from + (to - from) * random.nextDouble();
    }
}
