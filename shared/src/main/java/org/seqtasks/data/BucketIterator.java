package org.seqtasks.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Serves variable-length examples in minibatches of similar length, so padding does not dominate the
 * work: each epoch shuffles the examples (seeded), sorts them by length within pools of
 * {@code POOL_BATCHES} batches, cuts the pools into batches and shuffles the batch order. Batches are
 * still random in content and order, but a 5-word phrase is no longer padded to 50 steps because a long
 * sentence landed beside it. Without shuffle (evaluation) examples keep their order.
 *
 * @param <T> the example type; {@code toDataSet} turns a batch of them into masked arrays
 */
public final class BucketIterator<T> extends EpochPlanIterator<List<T>> {
    static final int POOL_BATCHES = 50;

    private final List<T> examples;
    private final ToIntFunction<T> length;
    private final Function<List<T>, DataSet> toDataSet;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final boolean exactLength;

    public BucketIterator(
            List<T> examples,
            ToIntFunction<T> length,
            Function<List<T>, DataSet> toDataSet,
            int batchSize,
            boolean shuffle,
            long seed) {
        this(examples, length, toDataSet, batchSize, shuffle, seed, false);
    }

    /**
     * With {@code exactLength}, every batch holds sequences of one length only, so nothing is padded at all.
     * Needed where DL4J's masking is not exact (Bidirectional layers leak padding into the result).
     */
    public BucketIterator(
            List<T> examples,
            ToIntFunction<T> length,
            Function<List<T>, DataSet> toDataSet,
            int batchSize,
            boolean shuffle,
            long seed,
            boolean exactLength) {
        super(batchSize);
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("no examples to iterate over");
        }
        this.examples = List.copyOf(examples);
        this.length = length;
        this.toDataSet = toDataSet;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        this.exactLength = exactLength;
    }

    @Override
    protected List<List<T>> plan(int epoch) {
        List<T> order = new ArrayList<>(examples);
        List<List<T>> batches = new ArrayList<>();
        if (!shuffle) {
            cut(order, batches);
            return batches;
        }
        Random random = new Random(seed * 1_000_003L + epoch);
        Collections.shuffle(order, random);
        if (exactLength) {
            Map<Integer, List<T>> byLength = new TreeMap<>();
            for (T t : order) {
                byLength.computeIfAbsent(length.applyAsInt(t), k -> new ArrayList<>())
                        .add(t);
            }
            byLength.values().forEach(same -> cut(same, batches));
        } else {
            int pool = batchSize * POOL_BATCHES;
            for (int p = 0; p < order.size(); p += pool) {
                List<T> chunk = new ArrayList<>(order.subList(p, Math.min(p + pool, order.size())));
                chunk.sort(Comparator.comparingInt(length));
                cut(chunk, batches);
            }
        }
        Collections.shuffle(batches, random);
        return batches;
    }

    private void cut(List<T> items, List<List<T>> into) {
        for (int i = 0; i < items.size(); i += batchSize) {
            into.add(items.subList(i, Math.min(i + batchSize, items.size())));
        }
    }

    @Override
    protected DataSet build(List<T> batch) {
        return toDataSet.apply(batch);
    }
}
