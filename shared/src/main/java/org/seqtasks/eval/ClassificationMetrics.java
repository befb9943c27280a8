package org.seqtasks.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Figures of a classifier from its predicted class probabilities: accuracy, mean log loss, per-class precision, recall
 * and F1, macro F1 (the mean over classes, so a minority class counts as much as a majority one), the
 * confusion matrix ({@code [true][predicted]}) and, for two classes, ROC AUC (the probability that a random
 * positive scores above a random negative, ties counting half).
 */
public final class ClassificationMetrics {
    private final int classes;
    private final long[][] confusion;
    private final List<double[]> scores = new ArrayList<>(); // {P(class 1), true label} for binary AUC
    private double logLossSum;

    public ClassificationMetrics(int classes) {
        this.classes = classes;
        this.confusion = new long[classes][classes];
    }

    /** Adds one example: {@code probabilities} over the classes, and its true class. */
    public void add(double[] probabilities, int truth) {
        int predicted = 0;
        for (int c = 1; c < classes; c++) {
            if (probabilities[c] > probabilities[predicted]) {
                predicted = c;
            }
        }
        confusion[truth][predicted]++;
        logLossSum -= Math.log(Math.max(probabilities[truth], 1e-30));
        if (classes == 2) {
            scores.add(new double[] {probabilities[1], truth});
        }
    }

    public long count() {
        return Arrays.stream(confusion).flatMapToLong(Arrays::stream).sum();
    }

    public double accuracy() {
        long right = 0;
        for (int c = 0; c < classes; c++) {
            right += confusion[c][c];
        }
        return right / (double) count();
    }

    /** Mean cross-entropy of the true class, in nats: what the network minimises. */
    public double logLoss() {
        return logLossSum / count();
    }

    public double precision(int c) {
        long predicted = 0;
        for (long[] row : confusion) {
            predicted += row[c];
        }
        return predicted == 0 ? 0 : confusion[c][c] / (double) predicted;
    }

    public double recall(int c) {
        long actual = Arrays.stream(confusion[c]).sum();
        return actual == 0 ? 0 : confusion[c][c] / (double) actual;
    }

    public double f1(int c) {
        double p = precision(c);
        double r = recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public double macroF1() {
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            sum += f1(c);
        }
        return sum / classes;
    }

    /** ROC AUC for two classes (class 1 positive), by ranks: O(n log n), ties averaged. */
    public double rocAuc() {
        if (classes != 2) {
            throw new IllegalStateException("ROC AUC is defined here for two classes");
        }
        double[][] s = scores.toArray(new double[0][]);
        Arrays.sort(s, (a, b) -> Double.compare(a[0], b[0]));
        long positives = 0;
        double rankSum = 0;
        for (int i = 0; i < s.length; ) {
            int j = i;
            while (j < s.length && s[j][0] == s[i][0]) {
                j++;
            }
            double averageRank = (i + 1 + j) / 2.0; // ranks i+1..j share their mean
            for (int k = i; k < j; k++) {
                if (s[k][1] == 1) {
                    positives++;
                    rankSum += averageRank;
                }
            }
            i = j;
        }
        long negatives = s.length - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (rankSum - positives * (positives + 1) / 2.0) / (positives * (double) negatives);
    }

    public long[][] confusion() {
        return confusion;
    }

    public Map<String, Object> asMap(List<String> classNames) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accuracy", accuracy());
        m.put("macroF1", macroF1());
        m.put("nll", logLoss());
        if (classes == 2) {
            m.put("rocAuc", rocAuc());
        }
        Map<String, Object> perClass = new LinkedHashMap<>();
        for (int c = 0; c < classes; c++) {
            perClass.put(classNames.get(c), Map.of("precision", precision(c), "recall", recall(c), "f1", f1(c)));
        }
        m.put("perClass", perClass);
        m.put("confusion", confusion);
        m.put("examples", count());
        return m;
    }
}
