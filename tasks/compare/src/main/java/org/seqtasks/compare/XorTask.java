package org.seqtasks.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.dataset.DataSet;
import org.seqtasks.data.SequenceBatcher;

/**
 * A task no linear model can do: a sequence of {@code length} random bits (one-hot), and at the last step
 * the XOR of the first and the last bit. Any affine function of the inputs followed by a softmax is a
 * linear classifier, and XOR is the textbook function a linear classifier cannot separate, so an RNN
 * without its non-linearity is held at 50% while a tanh RNN can learn it.
 */
public record XorTask(int length) {
    public XorTask {
        if (length < 2) {
            throw new IllegalArgumentException("XOR of the first and last bit needs length >= 2, got " + length);
        }
    }

    public DataSet batch(int size, Random random) {
        List<int[]> inputs = new ArrayList<>(size);
        int[] labels = new int[size];
        for (int i = 0; i < size; i++) {
            int[] bits = new int[length];
            for (int t = 0; t < length; t++) {
                bits[t] = random.nextInt(2);
            }
            inputs.add(bits);
            labels[i] = bits[0] ^ bits[length - 1];
        }
        return SequenceBatcher.oneHot(2, 2).lastStep(inputs, labels);
    }
}
