package org.seqtasks.data;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns variable-length id sequences into one DL4J {@link DataSet}: right-padded to the longest sequence
 * in the batch, with a feature mask (1 on real steps, 0 on padding) and a label mask saying which steps
 * carry a loss.
 *
 * <p>Shapes follow DL4J's NCW recurrent layout: features {@code [batch, inputSize, time]} for one-hot
 * input or {@code [batch, 1, time]} holding ids for an {@code EmbeddingSequenceLayer}; labels
 * {@code [batch, classes, time]} one-hot; masks {@code [batch, time]}, left out (null) when no sequence
 * is padded. Arrays are filled as plain float
 * arrays and wrapped once: building a batch must stay a negligible share of a training step.
 */
public final class SequenceBatcher {
    /** How the input ids reach the network. */
    public enum Input {
        /** One channel per vocabulary entry: the lecture's one-hot vectors. */
        ONE_HOT,
        /** The id itself in a single channel, for an embedding layer. */
        INDEX
    }

    private final Input input;
    private final int vocabularySize;
    private final int numClasses;

    private SequenceBatcher(Input input, int vocabularySize, int numClasses) {
        this.input = input;
        this.vocabularySize = vocabularySize;
        this.numClasses = numClasses;
    }

    public static SequenceBatcher oneHot(int vocabularySize, int numClasses) {
        return new SequenceBatcher(Input.ONE_HOT, vocabularySize, numClasses);
    }

    public static SequenceBatcher indices(int vocabularySize, int numClasses) {
        return new SequenceBatcher(Input.INDEX, vocabularySize, numClasses);
    }

    /** Many-to-many: {@code targets[i][t]} is the class of step t of sequence i (same length as its input). */
    public DataSet perStep(List<int[]> inputs, List<int[]> targets) {
        if (inputs.size() != targets.size()) {
            throw new IllegalArgumentException(
                    inputs.size() + " input sequences but " + targets.size() + " target sequences");
        }
        int batch = inputs.size();
        int time = maxLength(inputs);
        float[] labels = new float[batch * numClasses * time];
        float[] mask = new float[batch * time];
        for (int b = 0; b < batch; b++) {
            int[] y = targets.get(b);
            if (y.length != inputs.get(b).length) {
                throw new IllegalArgumentException(
                        "sequence " + b + ": " + inputs.get(b).length + " inputs but " + y.length + " targets");
            }
            for (int t = 0; t < y.length; t++) {
                labels[(b * numClasses + checkClass(y[t])) * time + t] = 1f;
                mask[b * time + t] = 1f;
            }
        }
        INDArray labelArray = Nd4j.create(labels, new long[] {batch, numClasses, time}, 'c');
        if (noPadding(inputs, time)) {
            // Masks of all ones change nothing and cost time; DL4J also misreads a [1, 1] mask as per-output.
            return new DataSet(features(inputs, time), labelArray);
        }
        INDArray maskArray = Nd4j.create(mask, new long[] {batch, time}, 'c');
        return new DataSet(features(inputs, time), labelArray, maskArray, maskArray.dup());
    }

    /**
     * Many-to-one: one class per sequence, placed on the sequence's last real step; the label mask is 1
     * there and 0 elsewhere. This is how a sequence classifier trains under truncated BPTT, where DL4J
     * refuses {@code LastTimeStep}: only the segment that holds the last step gets a gradient from the loss.
     */
    public DataSet lastStep(List<int[]> inputs, int[] classes) {
        if (inputs.size() != classes.length) {
            throw new IllegalArgumentException(inputs.size() + " input sequences but " + classes.length + " labels");
        }
        int batch = inputs.size();
        int time = maxLength(inputs);
        float[] labels = new float[batch * numClasses * time];
        float[] featureMask = new float[batch * time];
        float[] labelMask = new float[batch * time];
        for (int b = 0; b < batch; b++) {
            int length = inputs.get(b).length;
            if (length == 0) {
                throw new IllegalArgumentException("sequence " + b + " is empty");
            }
            for (int t = 0; t < length; t++) {
                featureMask[b * time + t] = 1f;
            }
            labelMask[b * time + length - 1] = 1f;
            labels[(b * numClasses + checkClass(classes[b])) * time + length - 1] = 1f;
        }
        INDArray labelArray = Nd4j.create(labels, new long[] {batch, numClasses, time}, 'c');
        if (time == 1) {
            return new DataSet(features(inputs, time), labelArray); // every step is a last step: no mask needed
        }
        return new DataSet(
                features(inputs, time),
                labelArray,
                Nd4j.create(featureMask, new long[] {batch, time}, 'c'),
                Nd4j.create(labelMask, new long[] {batch, time}, 'c'));
    }

    /**
     * Many-to-one for a network that pools over time (its output is not a sequence): one-hot labels
     * {@code [batch, classes]} and the feature mask, which the pooling layer uses to ignore padding.
     */
    public DataSet perSequence(List<int[]> inputs, int[] classes) {
        if (inputs.size() != classes.length) {
            throw new IllegalArgumentException(inputs.size() + " input sequences but " + classes.length + " labels");
        }
        int time = maxLength(inputs);
        float[] labels = new float[inputs.size() * numClasses];
        for (int b = 0; b < classes.length; b++) {
            labels[b * numClasses + checkClass(classes[b])] = 1f;
        }
        INDArray labelArray = Nd4j.create(labels, new long[] {inputs.size(), numClasses}, 'c');
        if (noPadding(inputs, time)) {
            return new DataSet(features(inputs, time), labelArray);
        }
        return new DataSet(features(inputs, time), labelArray, mask(inputs, time), null);
    }

    /** The feature array alone (for prediction), padded to {@code time} steps. */
    public INDArray features(List<int[]> inputs, int time) {
        int batch = inputs.size();
        int channels = input == Input.ONE_HOT ? vocabularySize : 1;
        float[] data = new float[batch * channels * time];
        for (int b = 0; b < batch; b++) {
            int[] x = inputs.get(b);
            if (x.length > time) {
                throw new IllegalArgumentException("sequence " + b + " has " + x.length + " steps, more than " + time);
            }
            for (int t = 0; t < x.length; t++) {
                int id = x[t];
                if (id < 0 || id >= vocabularySize) {
                    throw new IllegalArgumentException("id " + id + " outside vocabulary of " + vocabularySize);
                }
                if (input == Input.ONE_HOT) {
                    data[(b * channels + id) * time + t] = 1f;
                } else {
                    data[b * time + t] = id;
                }
            }
        }
        return Nd4j.create(data, new long[] {batch, channels, time}, 'c');
    }

    /** The feature mask alone, for prediction on padded batches. */
    public static INDArray mask(List<int[]> inputs, int time) {
        float[] mask = new float[inputs.size() * time];
        for (int b = 0; b < inputs.size(); b++) {
            for (int t = 0; t < inputs.get(b).length; t++) {
                mask[b * time + t] = 1f;
            }
        }
        return Nd4j.create(mask, new long[] {inputs.size(), time}, 'c');
    }

    private static boolean noPadding(List<int[]> inputs, int time) {
        return inputs.stream().allMatch(x -> x.length == time);
    }

    public static int maxLength(List<int[]> sequences) {
        int max = 0;
        for (int[] s : sequences) {
            max = Math.max(max, s.length);
        }
        if (max == 0) {
            throw new IllegalArgumentException("a batch needs at least one non-empty sequence");
        }
        return max;
    }

    private int checkClass(int c) {
        if (c < 0 || c >= numClasses) {
            throw new IllegalArgumentException("class " + c + " outside 0.." + (numClasses - 1));
        }
        return c;
    }

    public int vocabularySize() {
        return vocabularySize;
    }

    public int numClasses() {
        return numClasses;
    }
}
