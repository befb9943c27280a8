package org.seqtasks.data;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Serves a {@link DataSetIterator} whose features stack K id channels per step ([batch, K, time]: a word id,
 * affix ids, a shape id ...) as a {@link MultiDataSetIterator} with one [batch, 1, time] input per channel,
 * the layout of a graph with one embedding per channel. Batching, bucketing and masks stay in the one
 * place that already does them ({@link BucketIterator}); every input shares the batch's feature mask.
 */
public final class ChannelSplitIterator implements MultiDataSetIterator {
    private final DataSetIterator source;
    private MultiDataSetPreProcessor preProcessor;

    public ChannelSplitIterator(DataSetIterator source) {
        this.source = source;
    }

    /** The K inputs of a stacked [batch, K, time] id array. */
    public static INDArray[] split(INDArray stacked) {
        INDArray[] inputs = new INDArray[(int) stacked.size(1)];
        for (int k = 0; k < inputs.length; k++) {
            inputs[k] = stacked.get(NDArrayIndex.all(), NDArrayIndex.interval(k, k + 1), NDArrayIndex.all())
                    .dup('c');
        }
        return inputs;
    }

    /** One batch as a MultiDataSet: K inputs, one output. */
    public static MultiDataSet split(DataSet ds) {
        INDArray[] inputs = split(ds.getFeatures());
        INDArray[] masks = null;
        if (ds.getFeaturesMaskArray() != null) {
            masks = new INDArray[inputs.length];
            Arrays.fill(masks, ds.getFeaturesMaskArray());
        }
        INDArray[] labelMasks = ds.getLabelsMaskArray() == null ? null : new INDArray[] {ds.getLabelsMaskArray()};
        return new org.nd4j.linalg.dataset.MultiDataSet(inputs, new INDArray[] {ds.getLabels()}, masks, labelMasks);
    }

    @Override
    public MultiDataSet next(int num) {
        return next();
    }

    @Override
    public void setPreProcessor(MultiDataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public MultiDataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public boolean resetSupported() {
        return source.resetSupported();
    }

    @Override
    public boolean asyncSupported() {
        return source.asyncSupported();
    }

    @Override
    public void reset() {
        source.reset();
    }

    @Override
    public boolean hasNext() {
        return source.hasNext();
    }

    @Override
    public MultiDataSet next() {
        MultiDataSet mds = split(source.next());
        if (preProcessor != null) {
            preProcessor.preProcess(mds);
        }
        return mds;
    }
}
