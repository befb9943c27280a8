package org.seqtasks.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.evaluation.EvaluationAveraging;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.evaluation.classification.ROC;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

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
        double nll = -(Math.log(.9)
                        + Math.log(.8)
                        + Math.log(.3)
                        + Math.log(.4)
                        + Math.log(.8)
                        + Math.log(.9)
                        + Math.log(.6))
                / 7;
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

    /**
     * The project computes its own figures (one pass, no INDArrays, its own tie rule); DL4J's {@link Evaluation}, {@link ROC}
     * (exact, no thresholds) and {@link LossMCXENT} must agree with them on seeded random predictions: 2 and 5 classes, with
     * many tied scores for the AUC (rounded to one decimal).
     */
    @Test
    void agreesWithDl4jsEvaluationRocAndCrossEntropy() {
        Random random = new Random(20261201L);
        for (int classes : new int[] {2, 5}) {
            for (boolean ties : new boolean[] {false, true}) {
                int n = 400;
                double[][] p = new double[n][classes];
                int[] truth = new int[n];
                for (int i = 0; i < n; i++) {
                    truth[i] = random.nextInt(classes);
                    double sum = 0;
                    for (int c = 0; c < classes; c++) {
                        p[i][c] =
                                random.nextDouble() + (c == truth[i] ? 0.6 : 0); // better than chance, far from perfect
                        sum += p[i][c];
                    }
                    for (int c = 0; c < classes; c++) {
                        p[i][c] /= sum;
                    }
                    if (ties && classes == 2) {
                        p[i][1] =
                                Math.min(0.95, Math.max(0.05, Math.round(p[i][1] * 10) / 10.0)); // never 0 or 1: log 0
                        p[i][0] = 1 - p[i][1];
                    }
                }
                ClassificationMetrics ours = new ClassificationMetrics(classes);
                INDArray labels = Nd4j.zeros(DataType.DOUBLE, n, classes);
                for (int i = 0; i < n; i++) {
                    ours.add(p[i], truth[i]);
                    labels.putScalar(i, truth[i], 1.0);
                }
                INDArray predictions = Nd4j.createFromArray(p);
                Evaluation theirs = new Evaluation(classes);
                theirs.eval(labels, predictions);
                String what = classes + " classes" + (ties ? ", tied scores" : "");
                assertEquals(theirs.accuracy(), ours.accuracy(), 1e-12, what);
                for (int c = 0; c < classes; c++) {
                    assertEquals(theirs.precision(c), ours.precision(c), 1e-12, what + ", precision of " + c);
                    assertEquals(theirs.recall(c), ours.recall(c), 1e-12, what + ", recall of " + c);
                    assertEquals(theirs.f1(c), ours.f1(c), 1e-12, what + ", F1 of " + c);
                    for (int d = 0; d < classes; d++) {
                        assertEquals(
                                theirs.getConfusion().getCount(c, d),
                                ours.confusion()[c][d],
                                what + ", confusion " + c + "," + d);
                    }
                }
                if (classes == 2) {
                    // DL4J's "macro" F1 of two classes is the positive class's F1; ours is the mean over both, as for
                    // more classes
                    assertEquals(
                            theirs.f1(1),
                            theirs.f1(EvaluationAveraging.Macro),
                            1e-12,
                            what + ", DL4J's binary macro F1");
                    assertEquals((theirs.f1(0) + theirs.f1(1)) / 2, ours.macroF1(), 1e-12, what + ", macro F1");
                } else {
                    assertEquals(theirs.f1(EvaluationAveraging.Macro), ours.macroF1(), 1e-12, what + ", macro F1");
                }
                double crossEntropy = new LossMCXENT()
                        .computeScore(
                                labels, predictions.dup(), Activation.IDENTITY.getActivationFunction(), null, true);
                assertEquals(crossEntropy, ours.logLoss(), 1e-9, what + ", mean log loss");
                if (classes == 2) {
                    assertEquals(
                            pairsRankedRight(p, truth), ours.rocAuc(), 1e-12, what + ", ROC AUC by counting pairs");
                    if (!ties) {
                        // DL4J's exact ROC does not split tied scores in half (on the tied set: 0.9817 against the pair
                        // count's 0.9793)
                        ROC roc = new ROC(0); // 0 threshold steps: exact
                        roc.eval(labels, predictions);
                        assertEquals(roc.calculateAUC(), ours.rocAuc(), 1e-12, what + ", ROC AUC");
                    }
                }
            }
        }
    }

    /** The AUC by its definition: the share of (positive, negative) pairs the scores order right, a tie counting half. */
    private static double pairsRankedRight(double[][] p, int[] truth) {
        double right = 0;
        long pairs = 0;
        for (int i = 0; i < p.length; i++) {
            for (int j = 0; j < p.length; j++) {
                if (truth[i] == 1 && truth[j] == 0) {
                    pairs++;
                    right += p[i][1] > p[j][1] ? 1 : p[i][1] == p[j][1] ? 0.5 : 0;
                }
            }
        }
        return right / pairs;
    }
}
