package org.seqtasks.timeseries;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every run of {@code window} consecutive days with the day after it: the input is the window's scaled
 * rows, the target the next day's scaled Close. {@code rows} of n days give {@code n - window} windows
 * (the lab's {@code for i in range(len(y) - seq_length)}).
 *
 * <p>Features are DL4J's NCW layout {@code [windows, columns, window]}; targets {@code [windows, 1]}.
 * The prices themselves are kept too, because errors are reported in price units and the naive forecast
 * ("tomorrow closes where today closed") needs the last Close of each window.
 */
public final class PriceWindows {
    private final INDArray features;
    private final INDArray targets;
    private final double[] targetClose;
    private final double[] lastClose;

    public PriceWindows(List<double[]> rows, MinMaxScaler scaler, int window) {
        int n = rows.size() - window;
        if (window < 1 || n < 1) {
            throw new IllegalArgumentException(
                    rows.size() + " days give no window of " + window + " days and a next day");
        }
        int columns = rows.get(0).length;
        float[] x = new float[n * columns * window];
        float[] y = new float[n];
        targetClose = new double[n];
        lastClose = new double[n];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < window; t++) {
                double[] day = rows.get(i + t);
                for (int c = 0; c < columns; c++) {
                    x[(i * columns + c) * window + t] = (float) scaler.scale(c, day[c]);
                }
            }
            double[] next = rows.get(i + window);
            y[i] = (float) scaler.scale(DailyPrices.CLOSE, next[DailyPrices.CLOSE]);
            targetClose[i] = next[DailyPrices.CLOSE];
            lastClose[i] = rows.get(i + window - 1)[DailyPrices.CLOSE];
        }
        features = Nd4j.create(x, new long[] {n, columns, window}, 'c');
        targets = Nd4j.create(y, new long[] {n, 1}, 'c');
    }

    public int size() {
        return targetClose.length;
    }

    public DataSet dataSet() {
        return new DataSet(features, targets);
    }

    public INDArray features() {
        return features;
    }

    /** The true next-day Close of each window, in price units. */
    public double[] targetClose() {
        return targetClose.clone();
    }

    /** The naive forecast of each window: its last day's Close, in price units. */
    public double[] lastClose() {
        return lastClose.clone();
    }
}
