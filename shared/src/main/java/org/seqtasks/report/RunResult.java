package org.seqtasks.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.seqtasks.data.Json;

/**
 * The outcome of one {@code train} or {@code eval}: what {@code <Task>Main.run(args)} returns and what
 * {@code metrics.json} holds (the CLI contract in DESIGN.md). {@code metrics} carries the task's figures
 * ({@code accuracy}, {@code nll}, {@code bitsPerChar}, ...).
 */
public record RunResult(String task, String cell, String dataset, String split, long params, double epochs,
                        double trainSeconds, Throughput throughput, Map<String, Object> metrics,
                        @JsonIgnore Path outDir, @JsonIgnore Path model, @JsonIgnore String text) {

    public record Throughput(double value, String unit) {
    }

    /** Writes {@code metrics.json} into {@code dir} (atomically) and returns its path. */
    public Path writeMetrics(Path dir) {
        try {
            Files.createDirectories(dir);
            Path target = dir.resolve("metrics.json");
            Path tmp = Files.createTempFile(dir, "metrics", ".tmp");
            Files.writeString(tmp, Json.write(this) + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metrics.json in " + dir, e);
        }
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
