package org.seqtasks.compare;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.seqtasks.data.WordTokenizer;
import org.seqtasks.postag.PosTagMain;
import org.seqtasks.postag.PosTagModel;
import org.seqtasks.report.RunResult;

/** Synced many-to-many tagging: the embedded tagged set (quick) or UD English EWT (full); dev accuracy. */
final class PosTagComparison implements ComparedTask {
    /** Written for this report; "book" and "watch" change their tag with the context. */
    static final List<String> SENTENCES = List.of(
            "Please book a table for two .",
            "She left the book on the train .",
            "They watch the boats from the old pier .");

    @Override
    public String name() {
        return "postag";
    }

    @Override
    public String dataset(Mode mode) {
        return mode == Mode.FULL ? "ud-english-ewt" : "default";
    }

    @Override
    public int hidden(Mode mode) {
        return mode.pick(8, 48, 128);
    }

    @Override
    public double plannedSeconds(Mode mode) {
        return mode.pick(3.0, 7.0, 300.0);
    }

    @Override
    public List<String> trainArgs(Mode mode) {
        List<String> args = new ArrayList<>(List.of(
                "--max-minutes", String.valueOf(plannedSeconds(mode) / 60), "--epochs", mode.pick("1", "25", "20")));
        if (mode == Mode.FULL) {
            args.addAll(List.of("--dataset", dataset(mode)));
        }
        return args;
    }

    @Override
    public RunResult train(String... args) {
        return PosTagMain.run(args);
    }

    @Override
    public TaskResult.Measure metric() {
        return new TaskResult.Measure("accuracy", "dev tagging accuracy", true, "%.3f");
    }

    @Override
    public TaskResult.Measure loss() {
        return new TaskResult.Measure("nll", "dev log loss per token", false, "%.4f");
    }

    @Override
    public TaskResult.Examples examples(Map<String, RunResult> runs, Path reportDir) {
        List<List<String>> rows = new ArrayList<>();
        List<List<String>> sentences =
                SENTENCES.stream().map(WordTokenizer::tokenizeKeepingCase).toList();
        runs.forEach((cell, run) -> {
            List<List<String>> tags = PosTagModel.load(run.model()).tag(sentences, sentences.size());
            for (int i = 0; i < sentences.size(); i++) {
                List<String> pairs = new ArrayList<>();
                for (int t = 0; t < sentences.get(i).size(); t++) {
                    pairs.add(sentences.get(i).get(t) + "/" + tags.get(i).get(t));
                }
                rows.add(List.of(cell, String.join(" ", pairs)));
            }
        });
        return new TaskResult.Examples(
                "Tagged sentences written for this report (word/UPOS)", List.of("cell", "tagged"), rows, List.of());
    }
}
