package org.seqtasks.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Cuts one long id stream (a corpus) into windows of {@code window} steps for a language model: the
 * input is {@code ids[s .. s+L)}, the target the same span shifted by one. Windows go out
 * {@code batchSize} at a time as one-hot {@link DataSet}s; truncated BPTT then splits each window into
 * segments inside {@code fit}.
 *
 * <p>Every epoch covers every prediction exactly once. With {@code shuffle}, each epoch starts its window
 * grid at a fresh seeded offset in {@code [0, window)} (so a character is not always at the same position
 * of its window: the model cannot learn the grid) and visits the windows in seeded random order; the
 * partial windows at both ends are kept and padded, with masks. Without shuffle (evaluation) the grid
 * starts at 0 and windows come in corpus order. {@link #reset()} advances to the next epoch.
 */
public final class NextTokenWindowIterator extends EpochPlanIterator<List<int[]>> {
    private final int[] ids;
    private final SequenceBatcher batcher;
    private final int window;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;

    public NextTokenWindowIterator(
            int[] ids, int vocabularySize, int window, int batchSize, boolean shuffle, long seed) {
        super(batchSize);
        if (ids.length < 2) {
            throw new IllegalArgumentException("a corpus needs at least 2 tokens, got " + ids.length);
        }
        if (window < 1) {
            throw new IllegalArgumentException("window must be >= 1");
        }
        this.ids = ids;
        this.batcher = SequenceBatcher.oneHot(vocabularySize, vocabularySize);
        this.window = window;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
    }

    /** Batches of windows, each window a {start, length} pair of its input span. */
    @Override
    protected List<List<int[]>> plan(int epoch) {
        Random random = new Random(seed * 1_000_003L + epoch);
        int lastStart = ids.length - 1; // inputs cover [0, n-1): the last token is only ever a target
        int offset =
                shuffle && lastStart > window ? random.nextInt(window) : 0; // a corpus within one window stays whole
        List<int[]> spans = new ArrayList<>();
        if (offset > 0) {
            spans.add(new int[] {0, Math.min(offset, lastStart)});
        }
        for (int start = offset; start < lastStart; start += window) {
            spans.add(new int[] {start, Math.min(window, lastStart - start)});
        }
        if (shuffle) {
            Collections.shuffle(spans, random);
        }
        List<List<int[]>> batches = new ArrayList<>();
        for (int i = 0; i < spans.size(); i += batchSize) {
            batches.add(spans.subList(i, Math.min(i + batchSize, spans.size())));
        }
        return batches;
    }

    /** The windows of the current epoch as {start, length} pairs, in the order they will be served. */
    public List<int[]> spans() {
        return batches().stream().flatMap(List::stream).toList();
    }

    /** Number of predicted tokens per epoch: every token but the first. */
    public long predictionsPerEpoch() {
        return ids.length - 1L;
    }

    @Override
    protected DataSet build(List<int[]> spans) {
        List<int[]> inputs = new ArrayList<>(spans.size());
        List<int[]> targets = new ArrayList<>(spans.size());
        for (int[] span : spans) {
            inputs.add(Arrays.copyOfRange(ids, span[0], span[0] + span[1]));
            targets.add(Arrays.copyOfRange(ids, span[0] + 1, span[0] + span[1] + 1));
        }
        return batcher.perStep(inputs, targets);
    }

    @Override
    public int inputColumns() {
        return batcher.vocabularySize();
    }

    @Override
    public int totalOutcomes() {
        return batcher.numClasses();
    }
}
