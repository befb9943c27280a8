package org.seqtasks.data;

import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * A {@link DataSetIterator} that plans each epoch up front as a list of batches (whatever describes one:
 * a group of examples, a group of corpus windows) and turns one plan entry into a {@link DataSet} when it
 * is asked for. {@link #reset()} moves to the next epoch and plans again, so a subclass can draw a fresh,
 * seeded order per epoch. Planning is cheap; the arrays are only built on demand (and, through DL4J's
 * async prefetch, ahead of the training step on another thread).
 *
 * @param <B> what one planned batch is
 */
public abstract class EpochPlanIterator<B> implements DataSetIterator {
    private final int batchSize;
    private int epoch;
    private List<B> plan;
    private int cursor;
    private DataSetPreProcessor preProcessor;

    protected EpochPlanIterator(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        this.batchSize = batchSize;
    }

    /** The batches of epoch {@code epoch} (0-based), in serving order. */
    protected abstract List<B> plan(int epoch);

    /** The arrays of one planned batch. */
    protected abstract DataSet build(B batch);

    /** The current epoch's plan, made on first use. */
    public final List<B> batches() {
        if (plan == null) {
            plan = plan(epoch);
            cursor = 0;
        }
        return Collections.unmodifiableList(plan);
    }

    public final int batchesPerEpoch() {
        return batches().size();
    }

    @Override
    public final boolean hasNext() {
        // batches() first: after a reset it re-plans and rewinds the cursor, which `cursor < batches().size()` read
        // before
        // (so the first hasNext() of an epoch said false, and DL4J's async prefetcher reset again, skipping an epoch's
        // order)
        int size = batches().size();
        return cursor < size;
    }

    @Override
    public final DataSet next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        DataSet ds = build(plan.get(cursor++));
        if (preProcessor != null) {
            preProcessor.preProcess(ds);
        }
        return ds;
    }

    /** Batches are planned per epoch; a different size per call is not supported, so this serves the next one. */
    @Override
    public final DataSet next(int num) {
        return next();
    }

    @Override
    public final void reset() {
        epoch++;
        plan = null;
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
    public final boolean resetSupported() {
        return true;
    }

    @Override
    public final boolean asyncSupported() {
        return true;
    }

    @Override
    public final int batch() {
        return batchSize;
    }

    @Override
    public final void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public final DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public List<String> getLabels() {
        return null;
    }
}
