package org.seqtasks.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.seqtasks.UserFacingException;
import org.seqtasks.captioning.CaptioningMain;
import org.seqtasks.captioning.CaptioningModel;
import org.seqtasks.cli.Cli;
import org.seqtasks.report.RunResult;

/** One-to-many captioning of rendered scenes; test BLEU-4. The examples are freshly rendered scenes. */
final class CaptioningComparison implements ComparedTask {
    private static final String SCENES = "captioning-scenes";

    @Override
    public String name() {
        return "captioning";
    }

    @Override
    public String dataset(Mode mode) {
        return "rendered scenes";
    }

    @Override
    public int hidden(Mode mode) {
        return mode.pick(16, 128, 128);
    }

    @Override
    public double plannedSeconds(Mode mode) {
        return mode.pick(4.0, 10.0, 150.0);
    }

    @Override
    public List<String> trainArgs(Mode mode) {
        return List.of(
                "--train-images",
                mode.pick("40", "1000", "8000"),
                "--max-minutes",
                String.valueOf(plannedSeconds(mode) / 60));
    }

    @Override
    public RunResult train(String... args) {
        return CaptioningMain.run(args);
    }

    @Override
    public TaskResult.Measure metric() {
        return new TaskResult.Measure("bleu4", "test BLEU-4", true, "%.3f");
    }

    @Override
    public TaskResult.Measure loss() {
        return new TaskResult.Measure("testNll", "test cross-entropy per word", false, "%.4f");
    }

    @Override
    public TaskResult.Examples examples(Map<String, RunResult> runs, Path reportDir) {
        Path scenes = Cli.createFolder(reportDir.resolve(SCENES));
        // A different seed from training's: scenes the models have not seen.
        CaptioningMain.run("render", "--out", scenes.toString(), "--count", "3", "--seed", "2026");
        Map<String, String> truth = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(scenes.resolve("captions.tsv"))) {
                String[] f = line.split("\t");
                if (!line.startsWith("#") && f.length == 3) {
                    truth.put(f[0], f[2]);
                }
            }
        } catch (IOException e) {
            throw new UserFacingException("cannot read the rendered captions: " + e.getMessage(), e);
        }
        List<String> files = new ArrayList<>(truth.keySet());
        Map<String, List<String>> byCell = new LinkedHashMap<>();
        List<Path> paths = files.stream().map(scenes::resolve).toList();
        runs.forEach((cell, run) -> byCell.put(
                cell,
                CaptioningModel.load(run.model()).captionFiles(paths, 1, 0, paths.size()).stream()
                        .map(c -> String.join(" ", c.words()) + (c.ended() ? "" : " ..."))
                        .toList()));
        List<String> headers = new ArrayList<>(List.of("image", "true caption"));
        headers.addAll(byCell.keySet());
        List<List<String>> rows = new ArrayList<>();
        List<String> images = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            List<String> row = new ArrayList<>(List.of(SCENES + "/" + files.get(i), truth.get(files.get(i))));
            for (List<String> captions : byCell.values()) {
                row.add(captions.get(i));
            }
            rows.add(row);
            images.add(SCENES + "/" + files.get(i));
        }
        return new TaskResult.Examples(
                "Greedy captions of scenes rendered with a seed unseen in training (the compositional split holds"
                        + " colour+shape pairs never seen together)",
                headers,
                rows,
                images);
    }
}
