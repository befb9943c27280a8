package org.seqtasks.captioning;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

/**
 * Teacher-forced training batches: every (image, reference caption) pair once per epoch, in a fresh
 * seeded order each epoch. Pairs are grouped by caption length within each stretch of 32 batches, so
 * a batch pads little while the order stays random across stretches.
 */
final class CaptionBatches implements MultiDataSetIterator {
    private record Pair(CaptionedImage image, List<String> caption) {}

    private final CaptioningModel model;
    private final List<Pair> pairs = new ArrayList<>();
    private final int batchSize;
    private final long seed;
    private int epoch;
    private List<List<Pair>> plan;
    private int cursor;
    private MultiDataSetPreProcessor preProcessor;

    CaptionBatches(CaptioningModel model, List<CaptionedImage> images, int batchSize, long seed) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        this.model = model;
        this.batchSize = batchSize;
        this.seed = seed;
        for (CaptionedImage image : images) {
            for (List<String> caption : image.references()) {
                pairs.add(new Pair(image, caption));
            }
        }
        plan = plan(0);
    }

    private List<List<Pair>> plan(int epoch) {
        List<Pair> order = new ArrayList<>(pairs);
        Collections.shuffle(order, new Random(seed + 1_000_003L * epoch));
        int stretch = batchSize * 32;
        List<List<Pair>> batches = new ArrayList<>();
        for (int start = 0; start < order.size(); start += stretch) {
            List<Pair> part = new ArrayList<>(order.subList(start, Math.min(order.size(), start + stretch)));
            part.sort((a, b) -> Integer.compare(a.caption.size(), b.caption.size()));
            for (int s = 0; s < part.size(); s += batchSize) {
                batches.add(part.subList(s, Math.min(part.size(), s + batchSize)));
            }
        }
        Collections.shuffle(batches, new Random(seed - 7L * epoch));
        return batches;
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
        List<Pair> batch = plan.get(cursor++);
        MultiDataSet ds = model.batch(
                batch.stream().map(Pair::image).toList(),
                batch.stream().map(Pair::caption).toList());
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
        plan = plan(epoch);
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
