package org.seqtasks.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqtasks.cli.Cli;
import org.seqtasks.model.Cell;

class Seq2SeqComparisonTest {
    @TempDir
    Path dir;

    @Test
    void seq2seqJoinsTheComparisonOnGeneratedDates() {
        CompareResults r =
                CompareCommand.run("--tiny", "--tasks", "seq2seq", "--no-experiments", "--out", dir.toString());
        TaskResult seq2seq = r.tasks().get(0);
        assertNull(seq2seq.error(), seq2seq.error());
        assertEquals("dates", seq2seq.dataset());
        assertEquals(Cell.values().length, seq2seq.cells().size(), "SimpleRnn, LSTM and GRU");
        assertTrue(seq2seq.cell("LSTM").params() > seq2seq.cell("SimpleRnn").params());
        assertTrue(Files.isRegularFile(dir.resolve("runs/seq2seq/lstm-seed42/model.zip")));
        assertEquals(4, seq2seq.examples().rows().size(), "one row per example date");
        assertEquals(
                1 + Cell.values().length,
                seq2seq.examples().rows().get(0).size(),
                "the source, then one column per cell");
    }

    @Test
    void theLauncherRunsSeq2SeqUnderTheCliContract() {
        assertEquals(2, Cli.execute(new SeqtasksMain(), "seq2seq", "train", "--cell", "cnn"));
        assertEquals(2, Cli.execute(new SeqtasksMain(), "seq2seq", "translate"));
        assertEquals(
                1,
                Cli.execute(
                        new SeqtasksMain(),
                        "seq2seq",
                        "translate",
                        "--model",
                        dir.resolve("none.zip").toString(),
                        "3/3/21"));
    }
}
