package org.seqtasks.compare;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.seqtasks.report.RunResult;
import org.seqtasks.sentiment.SentimentMain;

/** Many-to-one sentiment: the embedded review set (quick) or SST-2 (full); test accuracy. */
final class SentimentComparison implements ComparedTask {
    /** Written for this report: plain cases, a negation, and a turn of opinion late in the sentence. */
    static final List<String> SENTENCES = List.of(
            "a warm , funny and beautifully acted film",
            "the plot is dull and the jokes fall flat",
            "not good at all",
            "i expected to hate it , but by the end it had won me over",
            "it starts well , but the last hour is a tedious mess");

    @Override
    public String name() {
        return "sentiment";
    }

    @Override
    public String dataset(Mode mode) {
        return mode == Mode.FULL ? "sst2" : "default";
    }

    @Override
    public int hidden(Mode mode) {
        return mode.pick(8, 32, 128);
    }

    @Override
    public double plannedSeconds(Mode mode) {
        return mode.pick(3.0, 7.0, 600.0);
    }

    @Override
    public List<String> trainArgs(Mode mode) {
        return List.of("--dataset", dataset(mode), "--max-minutes", String.valueOf(plannedSeconds(mode) / 60), "--epochs",
                mode.pick("1", "20", "6"));
    }

    @Override
    public RunResult train(String... args) {
        return SentimentMain.run(args);
    }

    @Override
    public TaskResult.Measure metric() {
        return new TaskResult.Measure("accuracy", "test accuracy", true, "%.3f");
    }

    @Override
    public TaskResult.Measure loss() {
        return new TaskResult.Measure("nll", "test log loss", false, "%.4f");
    }

    @Override
    public TaskResult.Examples examples(Map<String, RunResult> runs, Path reportDir) {
        Map<String, List<String>> byCell = new LinkedHashMap<>();
        runs.forEach((cell, run) -> {
            List<String> args = new ArrayList<>(List.of("predict", "--model", run.model().toString()));
            args.addAll(SENTENCES);
            // predict prints "label<TAB>probability<TAB>text" per sentence
            byCell.put(cell, SentimentMain.run(args.toArray(String[]::new)).text().lines()
                    .map(l -> l.split("\t")).map(f -> f[0] + " (" + f[1] + ")").toList());
        });
        List<String> headers = new ArrayList<>(List.of("sentence"));
        headers.addAll(byCell.keySet());
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < SENTENCES.size(); i++) {
            List<String> row = new ArrayList<>(List.of(SENTENCES.get(i)));
            for (List<String> predictions : byCell.values()) {
                row.add(predictions.get(i));
            }
            rows.add(row);
        }
        return new TaskResult.Examples("Predicted polarity (and its probability) on sentences written for this report", headers, rows, List.of());
    }
}
