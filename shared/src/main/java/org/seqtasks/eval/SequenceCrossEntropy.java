package org.seqtasks.eval;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Mean negative log-likelihood (nats) per labelled step of a per-step softmax network over held-out
 * batches: {@code -1/N sum log p(target_t)}, masked steps excluded. Each batch is a fresh forward pass,
 * so the recurrent state starts at zero for every sequence (the same protocol as the PyTorch peer's
 * validation over fixed windows).
 */
public final class SequenceCrossEntropy {
    /** Total loss, the number of steps it covers, and how many of them the argmax got right. */
    public record Result(double totalNats, long steps, long correct) {
        public double mean() {
            return steps > 0 ? totalNats / steps : Double.NaN;
        }

        public double accuracy() {
            return steps > 0 ? correct / (double) steps : Double.NaN;
        }
    }

    private SequenceCrossEntropy() {}

    public static Result evaluate(MultiLayerNetwork network, DataSetIterator batches) {
        batches.reset();
        double total = 0;
        long steps = 0;
        long correct = 0;
        while (batches.hasNext()) {
            DataSet ds = batches.next();
            INDArray probs =
                    network.output(ds.getFeatures(), false, ds.getFeaturesMaskArray(), ds.getLabelsMaskArray());
            Result r = of(probs, ds.getLabels(), ds.getLabelsMaskArray());
            total += r.totalNats();
            steps += r.steps();
            correct += r.correct();
        }
        network.rnnClearPreviousState();
        return new Result(total, steps, correct);
    }

    /** The loss of one batch: {@code probs} and one-hot {@code labels} are [batch, classes, time]. */
    public static Result of(INDArray probs, INDArray labels, INDArray mask) {
        int batch = (int) probs.size(0);
        int classes = (int) probs.size(1);
        int time = (int) probs.size(2);
        float[] p = probs.dup('c').data().asFloat();
        float[] y = labels.dup('c').data().asFloat();
        float[] m = mask == null ? null : mask.dup('c').data().asFloat();
        double total = 0;
        long steps = 0;
        long correct = 0;
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < time; t++) {
                if (m != null && m[b * time + t] == 0f) {
                    continue;
                }
                int target = -1;
                int argmax = 0;
                for (int c = 0; c < classes; c++) {
                    int i = (b * classes + c) * time + t;
                    if (y[i] == 1f) {
                        target = c;
                    }
                    if (p[i] > p[(b * classes + argmax) * time + t]) {
                        argmax = c;
                    }
                }
                if (target >= 0) {
                    total -= Math.log(Math.max(p[(b * classes + target) * time + t], 1e-30f));
                    steps++;
                    correct += argmax == target ? 1 : 0;
                }
            }
        }
        return new Result(total, steps, correct);
    }
}
