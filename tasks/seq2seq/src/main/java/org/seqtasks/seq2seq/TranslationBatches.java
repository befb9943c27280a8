package org.seqtasks.seq2seq;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

/** Teacher-forced training batches: every pair once per epoch, in a fresh seeded order each epoch. */
final class TranslationBatches implements MultiDataSetIterator {
    private final Seq2SeqModel model;
    private final List<TranslationPair> pairs;
    private final int batchSize;
    private final long seed;
    private int epoch;
    private List<TranslationPair> order;
    private int cursor;
    private MultiDataSetPreProcessor preProcessor;

    TranslationBatches(Seq2SeqModel model, List<TranslationPair> pairs, int batchSize, long seed) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        this.model = model;
        this.pairs = List.copyOf(pairs);
        this.batchSize = batchSize;
        this.seed = seed;
        shuffle();
    }

    private void shuffle() {
        order = new ArrayList<>(pairs);
        Collections.shuffle(order, new Random(seed + 1_000_003L * epoch));
    }

    int batchesPerEpoch() {
        return (pairs.size() + batchSize - 1) / batchSize;
    }

    @Override
    public boolean hasNext() {
        return cursor < order.size();
    }

    @Override
    public MultiDataSet next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        int end = Math.min(order.size(), cursor + batchSize);
        MultiDataSet ds = model.batch(order.subList(cursor, end));
        cursor = end;
        if (preProcessor != null) {
            preProcessor.preProcess(ds);
        }
        return ds;
    }

    @Override
    public MultiDataSet next(int num) {
        return next();
    }

    @Override
    public void reset() {
        epoch++;
        shuffle();
        cursor = 0;
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
    public void setPreProcessor(MultiDataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public MultiDataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }
}
