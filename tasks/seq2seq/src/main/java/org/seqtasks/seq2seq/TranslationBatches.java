package org.seqtasks.seq2seq;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

/**
 * Teacher-forced training batches: every pair once per epoch, in a fresh seeded order each epoch. Pairs are
 * grouped by source length within each stretch of 32 batches, so a batch pads little (dates run from 6 to 29
 * characters) while the order stays random across stretches.
 */
final class TranslationBatches implements MultiDataSetIterator {
    private final Seq2SeqModel model;
    private final List<TranslationPair> pairs;
    private final int batchSize;
    private final long seed;
    private int epoch;
    private List<List<TranslationPair>> plan;
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
        List<TranslationPair> order = new ArrayList<>(pairs);
        Collections.shuffle(order, new Random(seed + 1_000_003L * epoch));
        int stretch = batchSize * 32;
        plan = new ArrayList<>();
        for (int start = 0; start < order.size(); start += stretch) {
            List<TranslationPair> part = new ArrayList<>(order.subList(start, Math.min(order.size(), start + stretch)));
            part.sort((a, b) -> Integer.compare(a.source().size(), b.source().size()));
            for (int s = 0; s < part.size(); s += batchSize) {
                plan.add(part.subList(s, Math.min(part.size(), s + batchSize)));
            }
        }
        Collections.shuffle(plan, new Random(seed - 7L * epoch));
    }

    int batchesPerEpoch() {
        return plan.size();
    }

    @Override
    public boolean hasNext() {
        return cursor < plan.size();
    }

    @Override
    public MultiDataSet next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        MultiDataSet ds = model.batch(plan.get(cursor++));
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
