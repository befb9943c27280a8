package org.seqtasks.timeseries;

import java.util.Arrays;
import java.util.List;

/**
 * Per-column min-max scaling to about [0, 1], the lab's {@code (x - min) / (max - min + 1e-7)}.
 *
 * <p>It is fitted on the training days only and saved with the model. The lab fits a second scaler on
 * the test days: that tells the model the test period's lowest and highest prices in advance, and makes a
 * prediction in scaled units mean a different price in each period. Here test days are scaled with the
 * training min and max, so test prices above the training range map above 1, as they would in use.
 *
 * @param min per column
 * @param max per column
 */
public record MinMaxScaler(double[] min, double[] max) {
    /** Keeps a constant column from dividing by zero (the lab's constant). */
    static final double EPSILON = 1e-7;

    public static MinMaxScaler fit(List<double[]> rows) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("cannot fit a scaler on no rows");
        }
        int columns = rows.get(0).length;
        double[] min = new double[columns];
        double[] max = new double[columns];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (double[] row : rows) {
            for (int c = 0; c < columns; c++) {
                min[c] = Math.min(min[c], row[c]);
                max[c] = Math.max(max[c], row[c]);
            }
        }
        return new MinMaxScaler(min, max);
    }

    public double scale(int column, double value) {
        return (value - min[column]) / (max[column] - min[column] + EPSILON);
    }

    public double unscale(int column, double scaled) {
        return scaled * (max[column] - min[column] + EPSILON) + min[column];
    }
}
