package org.seqtasks.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.seqtasks.report.CurveChart;
import org.seqtasks.report.RunResult;
import org.seqtasks.train.CurvePoint;
import org.seqtasks.train.TrainResult;

/**
 * The output folder of one {@code train} run and the files every task writes there: {@code model.zip},
 * {@code curve.csv} and {@code curve.png}, {@code metrics.json}; and the closing lines every task prints about them.
 */
public final class RunFolder {
    private final String task;
    private final Path dir;
    private Path metrics;
    private String unit = "units";

    private RunFolder(String task, Path dir) {
        this.task = task;
        this.dir = dir;
    }

    /** {@code dir}, created (or a one-line error saying why not). */
    public static RunFolder create(String task, Path dir) {
        return new RunFolder(task, Cli.createFolder(dir));
    }

    public Path dir() {
        return dir;
    }

    public Path model() {
        return dir.resolve(TrainCommandOptions.MODEL_FILE);
    }

    /** Where the {@link org.seqtasks.train.Trainer} writes the learning curve. */
    public Path curveCsv() {
        return dir.resolve("curve.csv");
    }

    /** {@code curve.png}: the training and validation loss of {@code curve} against iterations. */
    public void curveChart(List<CurvePoint> curve, String title, String lossLabel) {
        CurveChart.write(curve, title, lossLabel, dir.resolve("curve.png"));
    }

    /**
     * The run's result, written to {@code metrics.json}: {@code figures} with the training's {@code iterations} and
     * {@code stopReason}, the model file of this folder, throughput in {@code unit}s per second.
     */
    public RunResult result(
            String cell,
            String dataset,
            String split,
            long params,
            TrainResult trained,
            String unit,
            Map<String, Object> figures) {
        figures.put("iterations", trained.iterations());
        figures.put("stopReason", trained.stopReason().name());
        figures.put("validationSeconds", trained.validationSeconds());
        figures.put("checkpointSeconds", trained.checkpointSeconds());
        this.unit = unit;
        RunResult run = RunResult.trained(task, cell, dataset, split, params, trained, unit, figures, dir, model());
        metrics = run.writeMetrics(dir);
        return run;
    }

    /**
     * "trained 2.00 epochs in 41 s (812 chars/s), stopped by epochs; validations 3 s, checkpoints 1 s", in the unit of
     * {@link #result}: the last two say what of a time budget did not go to training.
     */
    public void printTrained(TrainResult trained) {
        printTrained(trained, String.format(Locale.ROOT, "%.0f %s/s", trained.unitsPerSecond(), unit));
    }

    /** The same line with {@code rates} in the brackets: "(812 words/s, 40 images/s)". */
    public void printTrained(TrainResult trained, String rates) {
        System.out.printf(
                Locale.ROOT,
                "trained %.2f epochs in %.0f s (%s), stopped by %s; validations %.0f s, checkpoints %.0f s%n",
                trained.epochs(),
                trained.trainSeconds(),
                rates,
                stopReason(trained),
                trained.validationSeconds(),
                trained.checkpointSeconds());
    }

    /** "epochs", "time budget", "early stop", "interrupted". */
    public static String stopReason(TrainResult trained) {
        return trained.stopReason().name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** The lines that say where the model and the figures are. */
    public void printFiles() {
        System.out.println("model:   " + model());
        System.out.println("metrics: " + (metrics != null ? metrics : dir.resolve("metrics.json")));
    }
}
