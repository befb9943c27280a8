package org.seqtasks.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.seqtasks.UserFacingException;
import org.seqtasks.report.RunResult;
import org.seqtasks.timeseries.ControlChartClass;
import org.seqtasks.timeseries.ControlChartGenerator;
import org.seqtasks.timeseries.ControlChartModel;
import org.seqtasks.timeseries.TimeseriesMain;

/**
 * Time series, many-to-one. Quick (and tiny): control-chart classification on the generated Synthetic Control set, so
 * the task runs offline; test accuracy. Full: the stock lab on the real GOOG prices (7-day windows -> next Close); test
 * RMSE in dollars.
 */
final class TimeseriesComparison implements ComparedTask {
    private static final int SHOWN_DAYS = 8;
    /** Fresh series for the examples, one per class, drawn apart from the generated training set's seed. */
    private static final long EXAMPLE_SEED = 2026;

    private static final String CLASSIFICATION = "synthetic-control-generated";

    private static boolean classifies(Mode mode) {
        return mode != Mode.FULL;
    }

    @Override
    public String name() {
        return "timeseries";
    }

    @Override
    public String dataset(Mode mode) {
        return classifies(mode) ? CLASSIFICATION : "goog-stock";
    }

    @Override
    public int hidden(Mode mode) {
        return mode.pick(4, 16, 10);
    }

    @Override
    public double plannedSeconds(Mode mode) {
        return mode.pick(3.0, 8.0, 60.0);
    }

    @Override
    public List<String> trainArgs(Mode mode) {
        String minutes = String.valueOf(plannedSeconds(mode) / 60);
        if (classifies(mode)) {
            return List.of(
                    "--dataset",
                    CLASSIFICATION,
                    "--epochs",
                    mode.pick("1", "15", "15"),
                    "--batch",
                    mode.pick("100", "32", "32"),
                    "--max-minutes",
                    minutes);
        }
        return List.of("--dataset", "goog-stock", "--epochs", "2000", "--max-minutes", minutes, "--print-every", "10");
    }

    @Override
    public RunResult train(String... args) {
        return TimeseriesMain.run(args);
    }

    @Override
    public TaskResult.Measure metric() {
        return new TaskResult.Measure("rmse", "test RMSE of the next-day Close (price units)", false, "%.2f");
    }

    @Override
    public TaskResult.Measure loss() {
        return new TaskResult.Measure("testMse", "test MSE (scaled)", false, "%.5f");
    }

    @Override
    public TaskResult.Measure metric(Mode mode) {
        return classifies(mode)
                ? new TaskResult.Measure("accuracy", "test accuracy (6 control-chart patterns)", true, "%.3f")
                : metric();
    }

    @Override
    public TaskResult.Measure loss(Mode mode) {
        return classifies(mode) ? new TaskResult.Measure("nll", "test log loss", false, "%.4f") : loss();
    }

    @Override
    public TaskResult.Examples examples(Map<String, RunResult> runs, Path reportDir) {
        if (runs.values().iterator().next().metrics().containsKey("accuracy")) {
            return classified(runs);
        }
        Map<String, List<String[]>> predictions = new LinkedHashMap<>();
        List<String> images = new ArrayList<>();
        runs.forEach((cell, run) -> {
            predictions.put(cell, readCsv(run.outDir().resolve("predictions.csv")));
            Path png = run.outDir().resolve("predictions.png");
            if (Files.isRegularFile(png)) {
                String name = "timeseries-" + cell.toLowerCase(Locale.ROOT) + "-predictions.png";
                copy(png, reportDir.resolve(name));
                images.add(name);
            }
        });
        List<String> headers = new ArrayList<>(List.of("test day", "true Close"));
        predictions.keySet().forEach(cell -> headers.add(cell));
        headers.add("naive (yesterday's Close)");
        List<List<String>> rows = new ArrayList<>();
        List<String[]> first = predictions.values().iterator().next();
        for (int i = 0; i < Math.min(SHOWN_DAYS, first.size()); i++) {
            List<String> row = new ArrayList<>(List.of(first.get(i)[0], first.get(i)[1]));
            for (List<String[]> p : predictions.values()) {
                row.add(p.get(i)[2]);
            }
            row.add(first.get(i)[3]);
            rows.add(row);
        }
        return new TaskResult.Examples(
                "The first test days: true next-day Close, each model's forecast and the naive forecast",
                headers,
                rows,
                images);
    }

    /** Each model's pattern (and its probability) for one fresh generated series of each class. */
    private static TaskResult.Examples classified(Map<String, RunResult> runs) {
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

    /** predictions.csv rows: test_day, true_close, predicted_close, naive_close. */
    private static List<String[]> readCsv(Path file) {
        try {
            return Files.readAllLines(file).stream()
                    .skip(1)
                    .filter(l -> !l.isBlank())
                    .map(l -> l.split(","))
                    .toList();
        } catch (IOException e) {
            throw new UserFacingException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static void copy(Path from, Path to) {
        try {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UserFacingException("cannot copy " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }
}
