package org.seqtasks.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

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
public final class NextTokenWindowIterator implements DataSetIterator {
    private final int[] ids;
    private final SequenceBatcher batcher;
    private final int window;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private int epoch;
    private List<int[]> spans; // {start, length} of each window's input, in visiting order
    private int cursor;
    private DataSetPreProcessor preProcessor;

    public NextTokenWindowIterator(int[] ids, int vocabularySize, int window, int batchSize, boolean shuffle, long seed) {
        if (ids.length < 2) {
            throw new IllegalArgumentException("a corpus needs at least 2 tokens, got " + ids.length);
        }
        if (window < 1 || batchSize < 1) {
            throw new IllegalArgumentException("window and batch size must be >= 1");
        }
        this.ids = ids;
        this.batcher = SequenceBatcher.oneHot(vocabularySize, vocabularySize);
        this.window = window;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        plan();
    }

    private void plan() {
        Random random = new Random(seed * 1_000_003L + epoch);
        int lastStart = ids.length - 1; // inputs cover [0, n-1): the last token is only ever a target
        int offset = shuffle && lastStart > window ? random.nextInt(window) : 0; // a corpus within one window stays whole
        spans = new ArrayList<>();
        if (offset > 0) {
            spans.add(new int[] {0, Math.min(offset, lastStart)});
        }
        for (int start = offset; start < lastStart; start += window) {
            spans.add(new int[] {start, Math.min(window, lastStart - start)});
        }
        if (shuffle) {
            Collections.shuffle(spans, random);
        }
        cursor = 0;
    }

    /** The windows of the current epoch as {start, length} pairs, in the order they will be served. */
    public List<int[]> spans() {
        return Collections.unmodifiableList(spans);
    }

    /** Number of predicted tokens per epoch: every token but the first. */
    public long predictionsPerEpoch() {
        return ids.length - 1L;
    }

    @Override
    public boolean hasNext() {
        return cursor < spans.size();
    }

    @Override
    public DataSet next() {
        return next(batchSize);
    }

    @Override
    public DataSet next(int num) {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        int end = Math.min(cursor + num, spans.size());
        List<int[]> inputs = new ArrayList<>(end - cursor);
        List<int[]> targets = new ArrayList<>(end - cursor);
        for (int i = cursor; i < end; i++) {
            int start = spans.get(i)[0];
            int length = spans.get(i)[1];
            int[] x = new int[length];
            int[] y = new int[length];
            System.arraycopy(ids, start, x, 0, length);
            System.arraycopy(ids, start + 1, y, 0, length);
            inputs.add(x);
            targets.add(y);
        }
        cursor = end;
        DataSet ds = batcher.perStep(inputs, targets);
        if (preProcessor != null) {
            preProcessor.preProcess(ds);
        }
        return ds;
    }

    /** Batches per epoch. */
    public int batchesPerEpoch() {
        return (spans.size() + batchSize - 1) / batchSize;
    }

    @Override
    public void reset() {
        epoch++;
        plan();
    }

    @Override
    public int inputColumns() {
        return batcher.vocabularySize();
    }

    @Override
    public int totalOutcomes() {
        return batcher.numClasses();
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return true;
    }

    @Override
    public int batch() {
        return batchSize;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public List<String> getLabels() {
        return null;
    }
}
