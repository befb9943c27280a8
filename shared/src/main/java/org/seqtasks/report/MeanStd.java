package org.seqtasks.report;

import java.util.Locale;

/**
 * The mean and sample standard deviation of a figure over seeds. With one seed the spread is unknown,
 * not zero, so {@code std} is NaN and the text form shows the mean alone.
 */
public record MeanStd(double mean, double std, int n) {
    public static MeanStd of(double... values) {
        if (values.length == 0) {
            return new MeanStd(Double.NaN, Double.NaN, 0);
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        double mean = sum / values.length;
        if (values.length == 1) {
            return new MeanStd(mean, Double.NaN, 1);
        }
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return new MeanStd(mean, Math.sqrt(squares / (values.length - 1)), values.length);
    }

    /** {@code 1.234 ± 0.056} with {@code pattern} for both numbers (e.g. {@code "%.3f"}). */
    public String format(String pattern) {
        if (Double.isNaN(mean)) {
            return "n/a";
        }
        String m = String.format(Locale.ROOT, pattern, mean);
        return Double.isNaN(std) ? m : m + " ± " + String.format(Locale.ROOT, pattern, std);
    }
}
