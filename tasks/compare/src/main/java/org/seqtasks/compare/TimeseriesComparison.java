package org.seqtasks.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.seqtasks.data.SeqtasksException;
import org.seqtasks.report.RunResult;
import org.seqtasks.timeseries.TimeseriesMain;

/** The stock lab: 7-day windows of GOOG prices -> next Close; test RMSE in dollars. */
final class TimeseriesComparison implements ComparedTask {
    private static final int SHOWN_DAYS = 8;

    @Override
    public String name() {
        return "timeseries";
    }

    @Override
    public String dataset(Mode mode) {
        return "goog-stock";
    }

    @Override
    public int hidden(Mode mode) {
        return 10;
    }

    @Override
    public double plannedSeconds(Mode mode) {
        return mode.pick(3.0, 12.0, 60.0);
    }

    @Override
    public List<String> trainArgs(Mode mode) {
        return List.of("--epochs", mode.pick("20", "500", "2000"), "--max-minutes", String.valueOf(plannedSeconds(mode) / 60),
                "--print-every", "10");
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
    public TaskResult.Examples examples(Map<String, RunResult> runs, Path reportDir) {
        Map<String, List<String[]>> predictions = new LinkedHashMap<>();
        List<String> images = new ArrayList<>();
        runs.forEach((cell, run) -> {
            predictions.put(cell, readCsv(run.outDir().resolve("predictions.csv")));
            Path png = run.outDir().resolve("predictions.png");
            if (Files.isRegularFile(png)) {
                String name = "timeseries-" + cell.toLowerCase(java.util.Locale.ROOT) + "-predictions.png";
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
        return new TaskResult.Examples("The first test days: true next-day Close, each model's forecast and the naive forecast", headers, rows,
                images);
    }

    /** predictions.csv rows: test_day, true_close, predicted_close, naive_close. */
    private static List<String[]> readCsv(Path file) {
        try {
            return Files.readAllLines(file).stream().skip(1).filter(l -> !l.isBlank()).map(l -> l.split(",")).toList();
        } catch (IOException e) {
            throw new SeqtasksException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static void copy(Path from, Path to) {
        try {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new SeqtasksException("cannot copy " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }
}
