package org.seqtasks.compare;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.seqtasks.data.WordTokenizer;
import org.seqtasks.report.RunResult;
import org.seqtasks.sentiment.LabelledSentence;
import org.seqtasks.sentiment.SentimentMain;
import org.seqtasks.sentiment.SentimentModel;

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
        return mode.pick(3.0, 7.0, 240.0);
    }

    @Override
    public List<String> trainArgs(Mode mode) {
        return List.of(
                "--dataset",
                dataset(mode),
                "--max-minutes",
                String.valueOf(plannedSeconds(mode) / 60),
                "--epochs",
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
        List<List<String>> tokens =
                SENTENCES.stream().map(WordTokenizer::tokenize).toList();
        runs.forEach((cell, run) -> {
            double[][] p = SentimentModel.load(run.model()).probabilities(tokens, SENTENCES.size());
            List<String> predictions = new ArrayList<>();
            for (double[] row : p) {
                int label = row[1] >= row[0] ? 1 : 0;
                predictions.add(Readings.f("%s (%.3f)", LabelledSentence.LABELS.get(label), row[label]));
            }
            byCell.put(cell, predictions);
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
        return new TaskResult.Examples(
                "Predicted polarity (and its probability) on sentences written for this report",
                headers,
                rows,
                List.of());
    }
}
