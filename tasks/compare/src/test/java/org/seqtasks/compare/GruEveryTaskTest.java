package org.seqtasks.compare;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.seqtasks.cli.Cli;
import org.seqtasks.report.RunResult;

/**
 * {@code --cell gru} reaches every task through the one network factory: each trains on its embedded default, saves a
 * model whose parameter count is the GRU's, and its metrics are real numbers.
 */
class GruEveryTaskTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({
        "charlm,--epochs,1",
        "sentiment,--epochs,1",
        "postag,--epochs,1",
        "captioning,--train-images,40",
        "timeseries,--epochs,2"
    })
    void trainsAGru(String task, String limit, String value) throws Exception {
        Path out = dir.resolve(task);
        RunResult r = Cli.run(
                new SeqtasksMain(),
                task,
                "train",
                "--cell",
                "gru",
                limit,
                value,
                "--max-minutes",
                "0.1",
                "--out",
                out.toString(),
                "--progress",
                "off");
        assertTrue(r.cell().startsWith("gru"), r.cell()); // postag is bidirectional by default: gru-bi
        assertTrue(Files.isRegularFile(r.model()), "saved " + r.model());
        assertTrue(r.params() > 0);
        assertTrue(
                r.metrics().values().stream()
                                .filter(v -> v instanceof Number)
                                .mapToDouble(v -> ((Number) v).doubleValue())
                                .allMatch(Double::isFinite)
                        || r.metrics().isEmpty(),
                r.metrics().toString());
    }
}
