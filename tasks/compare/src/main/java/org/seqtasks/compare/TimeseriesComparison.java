package org.seqtasks.compare;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.seqtasks.report.RunResult;
import org.seqtasks.timeseries.ControlChartClass;
import org.seqtasks.timeseries.ControlChartGenerator;
import org.seqtasks.timeseries.ControlChartModel;
import org.seqtasks.timeseries.TimeseriesMain;

/**
 * Time series, many-to-one: control-chart classification, test accuracy. Quick (and tiny): the Synthetic Control set
 * generated from its six formulas, so the task runs offline; full: the UCI file itself. The stock lab is a lab, not a
 * comparison of cells: one 10-unit layer on 505 windows says little about what a cell remembers.
 */
final class TimeseriesComparison implements ComparedTask {
    /** Fresh series for the examples, one per class, drawn apart from the generated training set's seed. */
    private static final long EXAMPLE_SEED = 2026;

    @Override
    public String name() {
        return "timeseries";
    }

    @Override
    public String dataset(Mode mode) {
        return mode.pick("synthetic-control-generated", "synthetic-control-generated", "synthetic-control");
    }

    @Override
    public int hidden(Mode mode) {
        return mode.pick(4, 16, 32); // full: the task's own recipe (1 x 32)
    }

    @Override
    public double plannedSeconds(Mode mode) {
        return mode.pick(3.0, 8.0, 60.0);
    }

    @Override
    public List<String> trainArgs(Mode mode) {
        return List.of(
                "--dataset",
                dataset(mode),
                "--epochs",
                mode.pick("1", "15", "40"),
                "--batch",
                mode.pick("100", "32", "16"),
                "--max-minutes",
                String.valueOf(plannedSeconds(mode) / 60));
    }

    @Override
    public RunResult train(String... args) {
        return TimeseriesMain.run(args);
    }

    @Override
    public TaskResult.Measure metric() {
        return new TaskResult.Measure("accuracy", "test accuracy (6 control-chart patterns)", true, "%.3f");
    }

    @Override
    public TaskResult.Measure loss() {
        return new TaskResult.Measure("nll", "test log loss", false, "%.4f");
    }

    /** Each model's pattern (and its probability) for one fresh generated series of each class. */
    @Override
    public TaskResult.Examples examples(Map<String, RunResult> runs, Path reportDir) {
        List<double[]> series =
                ControlChartGenerator.generate(1, ControlChartGenerator.UCI_LENGTH, EXAMPLE_SEED).stream()
                        .map(s -> s.values())
                        .toList();
        Map<String, double[][]> byCell = new LinkedHashMap<>();
        runs.forEach((cell, run) ->
                byCell.put(cell, ControlChartModel.load(run.model()).probabilities(series)));
        List<String> headers = new ArrayList<>(List.of("true pattern"));
        headers.addAll(byCell.keySet());
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            List<String> row = new ArrayList<>(List.of(ControlChartClass.NAMES.get(i)));
            for (double[][] p : byCell.values()) {
                int best = 0;
                for (int c = 1; c < p[i].length; c++) {
                    best = p[i][c] > p[i][best] ? c : best;
                }
                row.add(Readings.f("%s (%.2f)", ControlChartClass.NAMES.get(best), p[i][best]));
            }
            rows.add(row);
        }
        return new TaskResult.Examples(
                "Predicted pattern (and its probability) for a fresh generated series of each class",
                headers,
                rows,
                List.of());
    }
}
