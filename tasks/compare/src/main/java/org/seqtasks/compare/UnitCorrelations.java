package org.seqtasks.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds the hidden unit whose activation best follows each property of the text (Karpathy's
 * "visualizing and understanding recurrent networks"): the Pearson correlation of every unit's
 * activation over the characters with the property's value, and the unit with the largest |r|.
 */
public final class UnitCorrelations {
    private UnitCorrelations() {}

    /** The best unit for one property; {@code layer} counts recurrent layers from 0. */
    public record Finding(String property, int layer, int unit, double correlation) {}

    /** Pearson's r; 0 when either side is constant (no variation to follow). */
    public static double pearson(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException(a.length + " vs " + b.length + " values");
        }
        int n = a.length;
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < n; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= n;
        mb /= n;
        double cov = 0;
        double va = 0;
        double vb = 0;
        for (int i = 0; i < n; i++) {
            cov += (a[i] - ma) * (b[i] - mb);
            va += (a[i] - ma) * (a[i] - ma);
            vb += (b[i] - mb) * (b[i] - mb);
        }
        return va == 0 || vb == 0 ? 0 : cov / Math.sqrt(va * vb);
    }

    /**
     * For each property, the unit with the largest |r| across all layers. {@code activations[layer][unit][t]}.
     * Properties that do not vary in the text are left out (nothing to correlate with).
     */
    public static List<Finding> best(double[][][] activations, Map<String, double[]> properties) {
        List<Finding> findings = new ArrayList<>();
        for (Map.Entry<String, double[]> p : properties.entrySet()) {
            if (isConstant(p.getValue())) {
                continue;
            }
            Finding best = null;
            for (int layer = 0; layer < activations.length; layer++) {
                for (int unit = 0; unit < activations[layer].length; unit++) {
                    double r = pearson(activations[layer][unit], p.getValue());
                    if (best == null || Math.abs(r) > Math.abs(best.correlation())) {
                        best = new Finding(p.getKey(), layer, unit, r);
                    }
                }
            }
            if (best != null) {
                findings.add(best);
            }
        }
        return findings;
    }

    private static boolean isConstant(double[] values) {
        for (double v : values) {
            if (v != values[0]) {
                return false;
            }
        }
        return true;
    }
}
