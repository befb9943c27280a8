package org.seqtasks.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.dataset.DataSet;
import org.seqtasks.data.SequenceBatcher;

/**
 * The long-term dependency task: a sequence of {@code lag} symbols whose first is one of {@code symbols}
 * "keys" and whose other {@code lag - 1} are distractors drawn from a separate alphabet; at the last step
 * the network must name the key. The answer is {@code lag - 1} steps back from where it is asked, and
 * nothing after the first step says anything about it, so a model that forgets scores chance,
 * {@code 1 / symbols}.
 *
 * <p>Inputs are one-hot over {@code symbols + distractors} ids (keys first); the label sits on the last
 * step under a label mask ({@link SequenceBatcher#lastStep}).
 */
public record RecallTask(int symbols, int distractors, int lag) {
    public RecallTask {
        if (symbols < 2 || distractors < 1 || lag < 1) {
            throw new IllegalArgumentException(
                    "need >= 2 symbols, >= 1 distractor and lag >= 1: " + symbols + ", " + distractors + ", " + lag);
        }
    }

    public int inputSize() {
        return symbols + distractors;
    }

    public double chance() {
        return 1.0 / symbols;
    }

    /** One example: the ids of its steps, and its answer is {@code ids[0]}. */
    public int[] sequence(Random random) {
        int[] ids = new int[lag];
        ids[0] = random.nextInt(symbols);
        for (int t = 1; t < lag; t++) {
            ids[t] = symbols + random.nextInt(distractors);
        }
        return ids;
    }

    /** {@code size} fresh examples as a DataSet (features, labels and the last-step label mask). */
    public DataSet batch(int size, Random random) {
        List<int[]> inputs = new ArrayList<>(size);
        int[] answers = new int[size];
        for (int i = 0; i < size; i++) {
            int[] ids = sequence(random);
            inputs.add(ids);
            answers[i] = ids[0];
        }
        return SequenceBatcher.oneHot(inputSize(), symbols).lastStep(inputs, answers);
    }
}
