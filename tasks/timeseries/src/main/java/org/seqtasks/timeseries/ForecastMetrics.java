package org.seqtasks.timeseries;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Errors of next-day Close forecasts in price units, beside the naive forecast "tomorrow closes where
 * today closed". A model that does not beat the naive forecast has learned nothing useful about
 * tomorrow, however good its curve looks: on daily prices that baseline is hard to beat.
 */
public record ForecastMetrics(double rmse, double mae, double naiveRmse, double naiveMae, int days) {
    public static ForecastMetrics of(double[] predicted, double[] truth, double[] naive) {
        if (predicted.length != truth.length || naive.length != truth.length || truth.length == 0) {
            throw new IllegalArgumentException("need as many predictions as true values, and at least one");
        }
        return new ForecastMetrics(
                rmse(predicted, truth), mae(predicted, truth), rmse(naive, truth), mae(naive, truth), truth.length);
    }

    public static double rmse(double[] predicted, double[] truth) {
        double sum = 0;
        for (int i = 0; i < truth.length; i++) {
            double d = predicted[i] - truth[i];
            sum += d * d;
        }
        return Math.sqrt(sum / truth.length);
    }

    public static double mae(double[] predicted, double[] truth) {
        double sum = 0;
        for (int i = 0; i < truth.length; i++) {
            sum += Math.abs(predicted[i] - truth[i]);
        }
        return sum / truth.length;
    }

    public boolean beatsNaive() {
        return rmse < naiveRmse && mae < naiveMae;
    }

    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rmse", rmse);
        m.put("mae", mae);
        m.put("naiveRmse", naiveRmse);
        m.put("naiveMae", naiveMae);
        m.put("beatsNaive", beatsNaive());
        m.put("testDays", days);
        return m;
    }
}
