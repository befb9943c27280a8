package org.seqtasks.timeseries;

/**
 * One univariate series and its class.
 *
 * @param values one value per time step, oldest first
 * @param label  the class index (for control charts, a {@link ControlChartClass} ordinal)
 */
public record LabelledSeries(double[] values, int label) {
    public int length() {
        return values.length;
    }
}
