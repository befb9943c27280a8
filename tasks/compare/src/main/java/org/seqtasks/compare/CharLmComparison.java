package org.seqtasks.compare;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.seqtasks.charlm.CharLmMain;
import org.seqtasks.charlm.CharLmModel;
import org.seqtasks.report.RunResult;

/** The character language model: embedded play (quick) or tinyshakespeare (full); bits per character. */
final class CharLmComparison implements ComparedTask {
    private static final int SAMPLE_LENGTH = 300;
    /** Below 1 the sample keeps to what the model is sure of; 0.8 still shows its variety. */
    private static final double TEMPERATURE = 0.8;

    private static final long SAMPLE_SEED = 42;

    @Override
    public String name() {
        return "charlm";
    }

    @Override
    public String dataset(Mode mode) {
        return mode == Mode.FULL ? "tinyshakespeare" : "default";
    }

    @Override
    public int hidden(Mode mode) {
        return mode.pick(32, 128, 256);
    }

    @Override
    public double plannedSeconds(Mode mode) {
        return mode.pick(3.0, 18.0, 360.0);
    }

    @Override
    public List<String> trainArgs(Mode mode) {
        return List.of(
                "--dataset",
                dataset(mode),
                "--layers",
                mode == Mode.TINY ? "1" : "2",
                "--max-minutes",
                String.valueOf(plannedSeconds(mode) / 60),
                "--epochs",
                mode.pick("1", "1000", "50"),
                "--sample-length",
                "300");
    }

    @Override
    public RunResult train(String... args) {
        return CharLmMain.run(args);
    }

    @Override
    public TaskResult.Measure metric() {
        return new TaskResult.Measure("bitsPerChar", "validation bits per character", false, "%.3f");
    }

    @Override
    public TaskResult.Measure loss() {
        return new TaskResult.Measure("nll", "validation nats per character", false, "%.4f");
    }

    @Override
    public TaskResult.Examples examples(Map<String, RunResult> runs, Path reportDir) {
        List<List<String>> rows = new ArrayList<>();
        runs.forEach((cell, run) -> rows.add(List.of(
                cell,
                CharLmModel.load(run.model())
                        .sample("", SAMPLE_LENGTH, TEMPERATURE, SAMPLE_SEED)
                        .strip())));
        return new TaskResult.Examples(
                Readings.f(
                        "%d characters sampled from each model at temperature %.1f (same seed)",
                        SAMPLE_LENGTH, TEMPERATURE),
                List.of("cell", "sample"),
                rows,
                List.of());
    }
}
