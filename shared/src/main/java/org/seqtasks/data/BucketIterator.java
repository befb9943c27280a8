package org.seqtasks.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Serves variable-length examples in minibatches of similar length, so padding does not dominate the
 * work: each epoch shuffles the examples (seeded), sorts them by length within pools of
 * {@code POOL_BATCHES} batches, cuts the pools into batches and shuffles the batch order. Batches are
 * still random in content and order, but a 5-word phrase is no longer padded to 50 steps because a long
 * sentence landed beside it. Without shuffle (evaluation) examples keep their order.
 *
 * @param <T> the example type; {@code toDataSet} turns a batch of them into masked arrays
 */
public final class BucketIterator<T> implements DataSetIterator {
    static final int POOL_BATCHES = 50;

    private final List<T> examples;
    private final ToIntFunction<T> length;
    private final Function<List<T>, DataSet> toDataSet;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private int epoch;
    private List<List<T>> batches;
    private int cursor;
    private DataSetPreProcessor preProcessor;

    private final boolean exactLength;

    public BucketIterator(List<T> examples, ToIntFunction<T> length, Function<List<T>, DataSet> toDataSet, int batchSize,
                          boolean shuffle, long seed) {
        this(examples, length, toDataSet, batchSize, shuffle, seed, false);
    }

    /**
     * With {@code exactLength}, every batch holds sequences of one length only, so nothing is padded at all.
     * Needed where DL4J's masking is not exact (stacked {@code Bidirectional} layers leak padding into the result).
     */
    public BucketIterator(List<T> examples, ToIntFunction<T> length, Function<List<T>, DataSet> toDataSet, int batchSize,
                          boolean shuffle, long seed, boolean exactLength) {
        this.exactLength = exactLength;
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("no examples to iterate over");
        }
        this.examples = List.copyOf(examples);
        this.length = length;
        this.toDataSet = toDataSet;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        plan();
    }

    private void plan() {
        List<T> order = new ArrayList<>(examples);
        batches = new ArrayList<>();
        if (!shuffle) {
            for (int i = 0; i < order.size(); i += batchSize) {
                batches.add(order.subList(i, Math.min(i + batchSize, order.size())));
            }
            cursor = 0;
            return;
        }
        Random random = new Random(seed * 1_000_003L + epoch);
        Collections.shuffle(order, random);
        if (exactLength) {
            java.util.Map<Integer, List<T>> byLength = new java.util.TreeMap<>();
            for (T t : order) {
                byLength.computeIfAbsent(length.applyAsInt(t), k -> new ArrayList<>()).add(t);
            }
            for (List<T> same : byLength.values()) {
                for (int i = 0; i < same.size(); i += batchSize) {
                    batches.add(same.subList(i, Math.min(i + batchSize, same.size())));
                }
            }
            Collections.shuffle(batches, random);
            cursor = 0;
            return;
        }
        int pool = batchSize * POOL_BATCHES;
        for (int p = 0; p < order.size(); p += pool) {
            List<T> chunk = new ArrayList<>(order.subList(p, Math.min(p + pool, order.size())));
            chunk.sort(Comparator.comparingInt(length));
            for (int i = 0; i < chunk.size(); i += batchSize) {
                batches.add(chunk.subList(i, Math.min(i + batchSize, chunk.size())));
            }
        }
        Collections.shuffle(batches, random);
        cursor = 0;
    }

    /** The batches of the current epoch, in serving order. */
    public List<List<T>> batches() {
        return Collections.unmodifiableList(batches);
    }

    public int batchesPerEpoch() {
        return batches.size();
    }

    @Override
    public boolean hasNext() {
        return cursor < batches.size();
    }

    @Override
    public DataSet next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        DataSet ds = toDataSet.apply(batches.get(cursor++));
        if (preProcessor != null) {
            preProcessor.preProcess(ds);
        }
        return ds;
    }

    @Override
    public DataSet next(int num) {
        return next();
    }

    @Override
    public void reset() {
        epoch++;
        plan();
    }

    @Override
    public int inputColumns() {
        return -1;
    }

    @Override
    public int totalOutcomes() {
        return -1;
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
