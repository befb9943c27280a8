package org.seqtasks.timeseries;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.dataset.DataSet;
import org.seqtasks.UserFacingException;
import org.seqtasks.cli.RunFolder;
import org.seqtasks.cli.TrainCommandOptions;
import org.seqtasks.cli.TrainRecipe;
import org.seqtasks.eval.ClassificationMetrics;
import org.seqtasks.model.Cell;
import org.seqtasks.model.RnnConfig;
import org.seqtasks.report.MeanStd;
import org.seqtasks.report.RunResult;
import org.seqtasks.train.TrainResult;
import org.seqtasks.train.Trainer;

/**
 * Control-chart classification, the task's many-to-one classifier: train on a stratified 50/50 split (or one fold, or
 * all ten folds of cross-validation) and score the held-out series with accuracy, macro F1 and the confusion matrix.
 * The held-out series are watched on the learning curve but never choose anything: the model is the last epoch's.
 */
final class ControlChartTraining {
    private ControlChartTraining() {}

    /**
     * The classifier's recipe: 1 x 32 units, Adam 5e-3, batches of 16 for 40 epochs, the last epoch's model kept (the
     * held-out series never choose anything). Clipped at 1 element-wise, as the DL4J example for this data set clips: a
     * cyclic series can swing the state hard.
     */
    static TrainRecipe recipe(Cell cell, long seed) {
        return TrainRecipe.of(RnnConfig.of(cell, seed).hidden(32).clip(1.0).learningRate(5e-3))
                .batch(16)
                .epochs(40)
                .keepBest(false);
    }

    /** The split's default seed (the split, not the weights: model seeds vary over one split). */
    static final long SPLIT_SEED = 12345;

    /** What the train command asked for, beyond the shared options. */
    record Request(TrainCommandOptions options, boolean crossValidate, int fold, long splitSeed) {}

    static RunResult train(Request request) {
        TrainCommandOptions options = request.options();
        if (Boolean.TRUE.equals(options.bidirectional)) {
            throw new UserFacingException(
                    "timeseries classification reads each series forwards to its last step: --bidirectional is not supported");
        }
        if (options.resume != null && request.crossValidate()) {
            throw new UserFacingException(
                    "--resume continues one run: it does not apply to --cv (each fold is a run of its own, in fold-K)");
        }
        if (options.patience > 0 || options.lrDecay != null) {
            throw new UserFacingException(
                    "timeseries classification keeps the last epoch's model and never selects on the held-out series:"
                            + " --patience and --lr-decay do not apply");
        }
        if (request.crossValidate() && request.fold() >= 0) {
            throw new UserFacingException("--cv runs every fold: leave out --fold");
        }
        String name = options.dataset == null ? "default" : options.dataset;
        ControlChartData data = ControlChartData.load(name, options.input, options.dataDir);
        Path out = options.outDir("timeseries");
        if (!request.crossValidate()) {
            return trainOnce(options, data, request.fold(), request.splitSeed(), out);
        }
        List<Double> accuracies = new ArrayList<>();
        List<Double> macroF1s = new ArrayList<>();
        RunResult last = null;
        double seconds = 0;
        for (int k = 0; k < ControlChartData.FOLDS; k++) {
            System.err.printf(Locale.ROOT, "fold %d of %d%n", k + 1, ControlChartData.FOLDS);
            last = trainOnce(options, data, k, request.splitSeed(), out.resolve("fold-" + k));
            accuracies.add(last.metric("accuracy"));
            macroF1s.add(last.metric("macroF1"));
            seconds += last.trainSeconds();
        }
        MeanStd accuracy =
                MeanStd.of(accuracies.stream().mapToDouble(Double::doubleValue).toArray());
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("accuracy", accuracy.mean());
        figures.put("accuracyStd", accuracy.std());
        figures.put(
                "macroF1",
                MeanStd.of(macroF1s.stream().mapToDouble(Double::doubleValue).toArray())
                        .mean());
        figures.put("foldAccuracies", accuracies);
        RunResult cv = new RunResult(
                "timeseries",
                last.cell(),
                data.name() + "-10fold",
                "test",
                last.params(),
                last.epochs(),
                seconds,
                last.throughput(),
                figures,
                out,
                null,
                null);
        cv.writeMetrics(out);
        System.out.printf(
                Locale.ROOT,
                "%s 10-fold cross-validation, %s: accuracy %.2f%% +- %.2f (folds: %s)%n",
                data.name(),
                options.cell.displayName(),
                100 * accuracy.mean(),
                100 * accuracy.std(),
                accuracies.stream()
                        .map(a -> String.format(Locale.ROOT, "%.1f", 100 * a))
                        .toList());
        return cv;
    }

    private static RunResult trainOnce(
            TrainCommandOptions options, ControlChartData data, int fold, long splitSeed, Path dir) {
        // a resumed classifier continues on its own split (its fold and split seed are saved with it)
        ControlChartModel resumed =
                options.resumeOr(ControlChartModel::load, m -> m.spec().rnn(), () -> null);
        int k = resumed != null ? resumed.spec().fold() : fold;
        long seed = resumed != null ? resumed.spec().splitSeed() : splitSeed;
        ControlChartData.Split split = k < 0 ? data.halves(seed) : data.fold(k, seed);
        TrainRecipe recipe = recipe(options.cell, options.seed);
        ControlChartModel model = resumed != null
                ? resumed
                : ControlChartModel.create(options.config(recipe), split.train(), data.name(), seed, k);
        RnnConfig rnn = model.spec().rnn();
        DataSet train = model.dataSet(split.train());
        DataSet test = model.dataSet(split.test());
        SeriesBatches batches = new SeriesBatches(train, options.batch(recipe), rnn.seed());
        System.err.printf(
                Locale.ROOT,
                "timeseries classification, %s on %s (%s): %d train / %d test series of %d steps, %d x %d, %,d parameters%n",
                rnn.cell().displayName(),
                data.name(),
                k < 0 ? "stratified 50/50, split seed " + seed : "fold " + k + " of 10",
                split.train().size(),
                split.test().size(),
                split.train().get(0).length(),
                rnn.layers(),
                rnn.hidden(),
                model.parameterCount());
        RunFolder out = RunFolder.create("timeseries", dir);
        TrainResult result = options.trainer(recipe, "sequences")
                .fit(
                        model.network(),
                        batches,
                        batches.batchesPerEpoch(),
                        Trainer.Validation.byError(network -> {
                            ClassificationMetrics m = model.evaluate(test);
                            return new Trainer.Measured(m.logLoss(), 1 - m.accuracy());
                        }),
                        net -> model.save(out.model()),
                        out.curveCsv(),
                        rnn.seed());
        model.save(out.model());
        out.curveChart(
                result.curve(),
                "timeseries " + rnn.cell().displayName() + " on " + data.name(),
                "cross-entropy per series");
        ClassificationMetrics metrics = model.evaluate(test);
        Map<String, Object> figures = metrics.asMap(ControlChartClass.NAMES);
        figures.put("trainAccuracy", model.evaluate(train).accuracy());
        figures.put("trainSeries", split.train().size());
        figures.put("splitSeed", seed);
        figures.put("fold", k);
        RunResult run =
                out.result(rnn.label(), data.name(), "test", model.parameterCount(), result, "sequences", figures);
        printTest(data.name(), metrics);
        out.printTrained(result);
        out.printFiles();
        return run;
    }

    /** Scores a classifier on its own held-out series ({@code split} test) or on every series of the data ({@code all}). */
    static RunResult eval(
            ControlChartModel model, String dataset, Path input, Path dataDir, String split, Path modelFile, Path dir) {
        ControlChartModel.Spec spec = model.spec();
        String name = dataset != null ? dataset : spec.dataset();
        if (input == null && !ControlChartData.names(name)) {
            throw new UserFacingException(
                    "the model was trained on '" + name + "': give that file with --input, or a --dataset");
        }
        ControlChartData data = ControlChartData.load(name, input, dataDir);
        List<LabelledSeries> series = switch (split) {
            case "test" ->
                spec.fold() < 0
                        ? data.halves(spec.splitSeed()).test()
                        : data.fold(spec.fold(), spec.splitSeed()).test();
            case "all" -> data.series();
            default ->
                throw new UserFacingException(
                        "timeseries classification splits are 'test' (the held-out series) and 'all'; got --split "
                                + split);
        };
        long t0 = System.nanoTime();
        ClassificationMetrics metrics = model.evaluate(series);
        double seconds = (System.nanoTime() - t0) / 1e9;
        RunResult run = RunResult.evaluated(
                "timeseries",
                spec.rnn().label(),
                data.name(),
                split,
                model.parameterCount(),
                series.size() / seconds,
                "sequences",
                metrics.asMap(ControlChartClass.NAMES),
                dir,
                modelFile);
        Path file = run.writeMetrics(dir);
        printTest(data.name() + " " + split, metrics);
        System.out.println("metrics: " + file);
        return run;
    }

    /** One line per series of {@code input}: the predicted pattern and its probability. */
    static RunResult predict(ControlChartModel model, Path input, Path modelFile) {
        List<double[]> series = SeriesFiles.readSeries(input);
        double[][] p = model.probabilities(series);
        StringBuilder text = new StringBuilder();
        List<String> predicted = new ArrayList<>();
        for (double[] row : p) {
            int best = 0;
            for (int c = 1; c < row.length; c++) {
                best = row[c] > row[best] ? c : best;
            }
            predicted.add(model.spec().classes().get(best));
            text.append(String.format(
                    Locale.ROOT, "%s\t%.4f%n", model.spec().classes().get(best), row[best]));
        }
        System.out.print(text);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("predicted", predicted);
        return RunResult.evaluated(
                        "timeseries",
                        model.spec().rnn().label(),
                        input.getFileName().toString(),
                        "file",
                        model.parameterCount(),
                        0,
                        "sequences",
                        figures,
                        null,
                        modelFile)
                .withText(text.toString());
    }

    private static void printTest(String what, ClassificationMetrics m) {
        System.out.printf(
                Locale.ROOT,
                "%s (%d series): accuracy %.2f%%, macro F1 %.4f; confusion [true][predicted] %s%n",
                what,
                m.count(),
                100 * m.accuracy(),
                m.macroF1(),
                Arrays.deepToString(m.confusion()));
    }
}
