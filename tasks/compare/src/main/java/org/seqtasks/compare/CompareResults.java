package org.seqtasks.compare;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.seqtasks.data.Json;

/**
 * Everything the compare job measured: {@code results.json}, and the only input of {@link ComparisonReport}
 * (so a report can be rebuilt, or restyled, from the file without training again). An experiment that
 * was not run is null; the truncation experiment has one result per cell.
 */
public record CompareResults(
        String mode,
        String createdAt,
        List<Long> seeds,
        String machine,
        double totalSeconds,
        List<TaskResult> tasks,
        GradientFlowExperiment.Result gradientFlow,
        LongTermDependencyExperiment.Result recall,
        List<TruncationExperiment.Result> truncation,
        NonLinearityExperiment.Result nonLinearity,
        InterpretableUnitsExperiment.Result units) {

    public void write(Path file) {
        try {
            Files.writeString(file, Json.write(this) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public static CompareResults read(Path file) {
        try {
            return Json.read(Files.readString(file, StandardCharsets.UTF_8), CompareResults.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
