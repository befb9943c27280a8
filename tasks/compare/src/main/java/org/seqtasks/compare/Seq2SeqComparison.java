package org.seqtasks.compare;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.seqtasks.report.RunResult;
import org.seqtasks.seq2seq.Seq2SeqMain;
import org.seqtasks.seq2seq.Seq2SeqModel;

/**
 * Encoder-decoder translation with attention: generated dates (quick) or Tatoeba French -> English (full);
 * test exact match (dates) or BLEU-4 (Tatoeba). The examples are a few sources translated by each cell's model.
 */
final class Seq2SeqComparison implements ComparedTask {
    private static final List<String> DATES =
            List.of("the 3rd of march 2021", "12/25/99", "july 4, 1976", "2049 jan 01");
    private static final List<String> FRENCH = List.of(
            "je suis fatigue .", "il est tres grand .", "nous sommes en retard .", "elle est plus jeune que moi .");

    @Override
    public String name() {
        return "seq2seq";
    }

    @Override
    public String dataset(Mode mode) {
        return mode == Mode.FULL ? "tatoeba-fra-eng" : "dates";
    }

    @Override
    public int hidden(Mode mode) {
        return mode.pick(16, 64, 256);
    }

    @Override
    public double plannedSeconds(Mode mode) {
        return mode.pick(4.0, 15.0, 300.0);
    }

    @Override
    public List<String> trainArgs(Mode mode) {
        List<String> args = new ArrayList<>(List.of(
                "--attention", "--dataset", dataset(mode), "--max-minutes", String.valueOf(plannedSeconds(mode) / 60)));
        if (mode != Mode.FULL) {
            args.addAll(List.of("--pairs", mode.pick("100", "2000", "2000")));
        }
        return args;
    }

    @Override
    public RunResult train(String... args) {
        return Seq2SeqMain.run(args);
    }

    @Override
    public TaskResult.Measure metric() {
        return new TaskResult.Measure("exactMatch", "test exact match (greedy)", true, "%.3f");
    }

    /** Exact match tells dates apart; on Tatoeba, where a sentence has many right translations, BLEU-4. */
    @Override
    public TaskResult.Measure metric(Mode mode) {
        return mode == Mode.FULL ? new TaskResult.Measure("bleu4", "test BLEU-4 (greedy)", true, "%.3f") : metric();
    }

    @Override
    public TaskResult.Measure loss() {
        return new TaskResult.Measure("testNll", "test cross-entropy per target token", false, "%.4f");
    }

    @Override
    public TaskResult.Examples examples(Map<String, RunResult> runs, Path reportDir) {
        boolean dates = runs.values().iterator().next().dataset().equals("dates");
        List<String> sources = dates ? DATES : FRENCH;
        Map<String, List<String>> byCell = new LinkedHashMap<>();
        runs.forEach((cell, run) -> {
            Seq2SeqModel model = Seq2SeqModel.load(run.model());
            List<Seq2SeqModel.Translation> translations =
                    model.translate(sources.stream().map(model::tokens).toList(), 1, sources.size());
            byCell.put(
                    cell,
                    translations.stream()
                            .map(t -> model.display(t.tokens()) + (t.ended() ? "" : " ..."))
                            .toList());
        });
        List<String> headers = new ArrayList<>(List.of("source"));
        headers.addAll(byCell.keySet());
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            List<String> row = new ArrayList<>(List.of(sources.get(i)));
            for (List<String> t : byCell.values()) {
                row.add(t.get(i));
            }
            rows.add(row);
        }
        return new TaskResult.Examples(
                "Greedy translations by each cell's model (with attention)", headers, rows, List.of());
    }
}
