package org.seqtasks.timeseries;

import java.util.ArrayList;
import java.util.List;
import org.datavec.api.records.reader.SequenceRecordReader;
import org.datavec.api.records.reader.impl.collection.CollectionSequenceRecordReader;
import org.datavec.api.writable.DoubleWritable;
import org.datavec.api.writable.IntWritable;
import org.datavec.api.writable.Writable;
import org.deeplearning4j.datasets.datavec.SequenceRecordReaderDataSetIterator;
import org.deeplearning4j.datasets.datavec.SequenceRecordReaderDataSetIterator.AlignmentMode;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Series -> DL4J arrays through DataVec: each series becomes a sequence record of one-value steps, its class a
 * sequence record of one step, and {@link SequenceRecordReaderDataSetIterator} with {@link AlignmentMode#ALIGN_END}
 * one-hots the class at each series' own last step with a label mask there. Features stay start-aligned: a shorter
 * series is padded after its end and masked. That is the many-to-one layout of
 * {@code RecurrentNetworks.lastStepSeriesClassifier}.
 */
public final class SeriesDataSets {
    private SeriesDataSets() {}

    /** All of {@code series} as one DataSet: features [n, 1, T], labels [n, classes, T] masked to each series' last step. */
    public static DataSet of(List<LabelledSeries> series, int classes) {
        if (series.isEmpty()) {
            throw new IllegalArgumentException("no series");
        }
        List<List<List<Writable>>> features = new ArrayList<>(series.size());
        List<List<List<Writable>>> labels = new ArrayList<>(series.size());
        for (LabelledSeries s : series) {
            List<List<Writable>> steps = new ArrayList<>(s.length());
            for (double v : s.values()) {
                steps.add(List.of(new DoubleWritable(v)));
            }
            features.add(steps);
            labels.add(List.of(List.of(new IntWritable(s.label()))));
        }
        SequenceRecordReader featureReader = new CollectionSequenceRecordReader(features);
        SequenceRecordReader labelReader = new CollectionSequenceRecordReader(labels);
        var iterator = new SequenceRecordReaderDataSetIterator(
                featureReader, labelReader, series.size(), classes, false, AlignmentMode.ALIGN_END);
        return iterator.next();
    }

    /** Unlabelled series as a DataSet whose labels are class 0 (ignored): for prediction. */
    public static DataSet unlabelled(List<double[]> series, int classes) {
        return of(series.stream().map(v -> new LabelledSeries(v, 0)).toList(), classes);
    }
}
