package org.seqtasks.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqtasks.UserFacingException;
import org.seqtasks.cli.Cli;
import org.seqtasks.model.Cell;

/** The compare job end to end with tiny budgets: every file of the report, from real (if meaningless) training. */
class CompareCommandTest {
    @TempDir
    Path dir;

    @Test
    void tinyCharLmComparisonWritesTheWholeReport() throws IOException {
        CompareResults r = CompareCommand.run("--tiny", "--tasks", "charlm", "--out", dir.toString());
        assertEquals(1, r.tasks().size());
        TaskResult charlm = r.tasks().get(0);
        assertNull(charlm.error(), charlm.error());
        assertEquals(Cell.values().length, charlm.cells().size(), "SimpleRnn, LSTM and GRU");
        TaskResult.CellResult rnn = charlm.cell("SimpleRnn");
        TaskResult.CellResult lstm = charlm.cell("LSTM");
        // same hidden size, so the LSTM's four gate blocks give it about four times the recurrent parameters
        assertTrue(lstm.params() > 2 * rnn.params(), rnn.params() + " vs " + lstm.params());
        assertTrue(Double.isFinite(rnn.metric().mean())
                && Double.isFinite(lstm.metric().mean()));
        assertTrue(Files.isRegularFile(dir.resolve("runs/charlm/lstm-seed42/model.zip")));
        assertEquals(Cell.values().length, charlm.examples().rows().size(), "one sample per cell");

        assertNotNull(r.gradientFlow());
        assertEquals(3 * Cell.values().length, r.gradientFlow().curves().size(), "every cell x 3 scales");
        assertEquals(Cell.values().length, r.recall().cells().size());
        assertEquals(Cell.values().length, r.truncation().size(), "one truncation result per cell");
        assertEquals(2, r.truncation().get(0).rows().size());
        assertEquals(2, r.nonLinearity().arms().size());
        assertTrue(
                r.nonLinearity().arms().get(0).affineError() < 1e-9, "the identity network must collapse to one map");
        assertTrue(!r.units().findings().isEmpty());

        for (String file : new String[] {
            "index.html",
            "report.md",
            "results.json",
            "charlm-curves.png",
            "charlm-curves-by-time.png",
            "gradient-flow.png",
            "recall.png",
            "truncation-rnn.png",
            "truncation-lstm.png",
            "truncation-gru.png",
            "nonlinearity.png"
        }) {
            assertTrue(Files.size(dir.resolve(file)) > 100, file);
        }
        CompareResults back = CompareResults.read(dir.resolve("results.json"));
        assertEquals(
                r.tasks().get(0).cell("LSTM").metric().mean(),
                back.tasks().get(0).cell("LSTM").metric().mean(),
                0);
    }

    @Test
    void unknownTaskIsAOneLineError() {
        UserFacingException e = assertThrows(
                UserFacingException.class,
                () -> CompareCommand.run("--tiny", "--tasks", "nosuch", "--out", dir.toString()));
        assertTrue(e.getMessage().contains("unknown task 'nosuch'"), e.getMessage());
    }

    @Test
    void quickAndFullExcludeEachOther() {
        assertEquals(2, Cli.execute(new SeqtasksMain(), "compare", "--quick", "--full"));
        assertEquals(2, Cli.execute(new SeqtasksMain(), "compare", "--seeds"));
    }

    @Test
    void seedsMustBePositive() {
        assertThrows(
                UserFacingException.class, () -> CompareCommand.run("--tiny", "--seeds", "0", "--out", dir.toString()));
    }

    @Test
    void timeseriesRunsOfflineOnTheGeneratedControlCharts() {
        CompareResults r =
                CompareCommand.run("--tiny", "--tasks", "timeseries", "--no-experiments", "--out", dir.toString());
        TaskResult timeseries = r.tasks().get(0);
        assertNull(timeseries.error(), timeseries.error());
        assertEquals("synthetic-control-generated", timeseries.dataset());
        assertEquals("accuracy", timeseries.metric().key());
        for (String cell : new String[] {"SimpleRnn", "LSTM"}) {
            double accuracy = timeseries.cell(cell).metric().mean();
            assertTrue(accuracy >= 0 && accuracy <= 1, cell + ": " + accuracy);
        }
        assertEquals(6, timeseries.examples().rows().size(), "one fresh series per pattern");
    }
}
