package org.seqtasks.data;

import java.util.List;
import java.util.NoSuchElementException;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Every example in one batch, served once per epoch, so that an epoch is one update: the lecture labs' full-batch
 * training run through the same {@link org.seqtasks.train.Trainer} as everything else. Not prefetched (there is nothing
 * to prepare ahead, and a prefetch thread per one-batch epoch costs more than the update).
 */
public final class FullBatchIterator implements DataSetIterator {
    private final DataSet all;
    private boolean served;

    public FullBatchIterator(DataSet all) {
        this.all = all;
    }

    @Override
    public boolean hasNext() {
        return !served;
    }

    @Override
    public DataSet next() {
        if (served) {
            throw new NoSuchElementException();
        }
        served = true;
        return all;
    }

    @Override
    public DataSet next(int num) {
        return next();
    }

    @Override
    public void reset() {
        served = false;
    }

    @Override
    public int inputColumns() {
        return (int) all.getFeatures().size(1);
    }

    @Override
    public int totalOutcomes() {
        return (int) all.getLabels().size(1);
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return false;
    }

    @Override
    public int batch() {
        return all.numExamples();
    }

    /** A full batch is prepared once, by whoever made it: a pre-processor here would run on it again every epoch. */
    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        throw new UnsupportedOperationException("prepare the full batch before training");
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return null;
    }

    @Override
    public List<String> getLabels() {
        return null;
    }
}
