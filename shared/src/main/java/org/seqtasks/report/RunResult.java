package org.seqtasks.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.seqtasks.data.Json;
import org.seqtasks.model.ModelArchive;
import org.seqtasks.train.TrainResult;

/**
 * The outcome of one {@code train} or {@code eval}: what {@code <Task>Main.run(args)} returns and what
 * {@code metrics.json} holds (the CLI contract in DESIGN.md). {@code metrics} carries the task's figures
 * ({@code accuracy}, {@code nll}, {@code bitsPerChar}, ...). {@code text} is what the command printed for the user
 * (a sample, predictions), kept so a test can read it; code that needs a model's outputs calls the model.
 */
public record RunResult(
        String task,
        String cell,
        String dataset,
        String split,
        long params,
        double epochs,
        double trainSeconds,
        Throughput throughput,
        Map<String, Object> metrics,
        @JsonIgnore Path outDir,
        @JsonIgnore Path model,
        @JsonIgnore String text) {

    public record Throughput(double value, String unit) {}

    /**
     * A {@code train} run's result: epochs, seconds and throughput from {@code trained}, counted in {@code unit}s per
     * second ({@code "chars"} gives {@code chars/s}).
     */
    public static RunResult trained(
            String task,
            String cell,
            String dataset,
            String split,
            long params,
            TrainResult trained,
            String unit,
            Map<String, Object> metrics,
            Path outDir,
            Path model) {
        return new RunResult(
                task,
                cell,
                dataset,
                split,
                params,
                trained.epochs(),
                trained.trainSeconds(),
                new Throughput(trained.unitsPerSecond(), unit + "/s"),
                metrics,
                outDir,
                model,
                null);
    }

    /** An {@code eval} run's result: nothing trained, {@code unitsPerSecond} measured while scoring. */
    public static RunResult evaluated(
            String task,
            String cell,
            String dataset,
            String split,
            long params,
            double unitsPerSecond,
            String unit,
            Map<String, Object> metrics,
            Path outDir,
            Path model) {
        return new RunResult(
                task,
                cell,
                dataset,
                split,
                params,
                0,
                0,
                new Throughput(unitsPerSecond, unit + "/s"),
                metrics,
                outDir,
                model,
                null);
    }

    /** The same result carrying {@code text} (a sample, a prediction) for the caller. */
    public RunResult withText(String text) {
        return new RunResult(
                task, cell, dataset, split, params, epochs, trainSeconds, throughput, metrics, outDir, model, text);
    }

    /** Writes {@code metrics.json} into {@code dir} (atomically) and returns its path. */
    public Path writeMetrics(Path dir) {
        Path target = dir.resolve("metrics.json");
        ModelArchive.replaceAtomically(
                target, tmp -> Files.writeString(tmp, Json.write(this) + "\n", StandardCharsets.UTF_8));
        return target;
    }

    /** A metric as a number (for tests and reports). */
    public double metric(String name) {
        Object v = metrics.get(name);
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("no numeric metric '" + name + "' in " + metrics.keySet());
        }
        return n.doubleValue();
    }
}
