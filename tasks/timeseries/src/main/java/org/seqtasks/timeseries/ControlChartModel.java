package org.seqtasks.timeseries;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.seqtasks.UserFacingException;
import org.seqtasks.data.Json;
import org.seqtasks.eval.ClassificationMetrics;
import org.seqtasks.model.ModelArchive;
import org.seqtasks.model.RecurrentNetworks;
import org.seqtasks.model.RnnConfig;

/**
 * A control-chart classifier: a series, standardised with the mean and deviation of its training series, -> SimpleRnn
 * or LSTM layers -> a softmax over the six patterns at the last step. The standardisation travels with the model.
 */
public final class ControlChartModel {
    /**
     * The recipe saved with the model.
     *
     * @param mean      per input feature, fitted on the training series only
     * @param std       per input feature, likewise
     * @param splitSeed the seed of the stratified split (or folds) the model was trained on
     * @param fold      the cross-validation fold held out, or -1 for the 50/50 split
     */
    public record Spec(
            RnnConfig rnn,
            List<String> classes,
            double[] mean,
            double[] std,
            String dataset,
            long splitSeed,
            int fold,
            String createdAt) {}

    /** Marks a classifier's zip among the task's models (the stock lab's forecaster has no such entry). */
    static final String KIND_ENTRY = "kind";

    static final String KIND = "series-classifier";
    private static final int FEATURES = 1;

    private final MultiLayerNetwork network;
    private final Spec spec;
    private final NormalizerStandardize normalizer;

    private ControlChartModel(MultiLayerNetwork network, Spec spec) {
        this.network = network;
        this.spec = spec;
        this.normalizer = new NormalizerStandardize(
                Nd4j.create(spec.mean(), 1, spec.mean().length), Nd4j.create(spec.std(), 1, spec.std().length));
    }

    /** An untrained model whose standardisation is fitted on {@code train} (and nothing else). */
    public static ControlChartModel create(
            RnnConfig rnn, List<LabelledSeries> train, String dataset, long splitSeed, int fold) {
        NormalizerStandardize fitted = new NormalizerStandardize();
        fitted.fit(SeriesDataSets.of(train, ControlChartData.CLASSES));
        double[] mean = fitted.getMean().castTo(DataType.DOUBLE).toDoubleVector();
        double[] std = fitted.getStd().castTo(DataType.DOUBLE).toDoubleVector();
        Spec spec = new Spec(
                rnn,
                ControlChartClass.NAMES,
                mean,
                std,
                dataset,
                splitSeed,
                fold,
                Instant.now().toString());
        return new ControlChartModel(
                RecurrentNetworks.lastStepSeriesClassifier(rnn, FEATURES, ControlChartData.CLASSES), spec);
    }

    /** {@code series} as standardised DataVec arrays, ready to fit or score. */
    public DataSet dataSet(List<LabelledSeries> series) {
        DataSet ds = SeriesDataSets.of(series, spec.classes().size());
        normalizer.transform(ds);
        return ds;
    }

    /**
     * Class probabilities per series, read at its last real step. DataVec's ALIGN_END keeps the features start-aligned
     * (padding after a shorter series) and puts the label on each series' own last step, so that step is where the
     * feature mask ends.
     */
    public double[][] probabilities(DataSet ds) {
        INDArray mask = ds.getFeaturesMaskArray();
        INDArray out = network.output(ds.getFeatures(), false, mask, null).castTo(DataType.DOUBLE);
        long steps = out.size(2);
        double[][] p = new double[(int) out.size(0)][];
        for (int i = 0; i < p.length; i++) {
            long last = mask == null
                    ? steps - 1
                    : Math.round(mask.getRow(i).sumNumber().doubleValue()) - 1;
            p[i] = out.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.point(last))
                    .toDoubleVector();
        }
        return p;
    }

    public double[][] probabilities(List<double[]> series) {
        DataSet ds = SeriesDataSets.unlabelled(series, spec.classes().size());
        normalizer.transform(ds);
        return probabilities(ds);
    }

    public ClassificationMetrics evaluate(List<LabelledSeries> series) {
        return evaluate(dataSet(series));
    }

    /** Scores a {@link #dataSet}: the true class is the one-hot under the label mask (summed over steps, one step is on). */
    public ClassificationMetrics evaluate(DataSet ds) {
        double[][] p = probabilities(ds);
        INDArray truth = ds.getLabels().sum(2).argMax(1);
        ClassificationMetrics metrics = new ClassificationMetrics(spec.classes().size());
        for (int i = 0; i < p.length; i++) {
            metrics.add(p[i], truth.getInt(i));
        }
        return metrics;
    }

    public void save(Path file) {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("task", TimeseriesModel.TASK);
        entries.put(KIND_ENTRY, KIND);
        entries.put("spec.json", Json.write(spec));
        ModelArchive.save(file, network, entries);
    }

    /** Whether a loaded timeseries archive holds a classifier (else the stock lab's forecaster). */
    static boolean isClassifier(ModelArchive.Loaded loaded) {
        return KIND.equals(loaded.entries().get(KIND_ENTRY));
    }

    static ControlChartModel from(ModelArchive.Loaded loaded) {
        return new ControlChartModel(loaded.network(), loaded.spec(Spec.class));
    }

    public static ControlChartModel load(Path file) {
        ModelArchive.Loaded loaded = ModelArchive.load(file, TimeseriesModel.TASK);
        if (!isClassifier(loaded)) {
            throw new UserFacingException(file + ": a timeseries forecaster (the stock lab), not a series classifier");
        }
        return from(loaded);
    }

    public MultiLayerNetwork network() {
        return network;
    }

    public Spec spec() {
        return spec;
    }

    public long parameterCount() {
        return network.numParams();
    }
}
