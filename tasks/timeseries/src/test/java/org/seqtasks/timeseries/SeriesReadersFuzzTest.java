package org.seqtasks.timeseries;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqtasks.testing.ReaderFuzz;

/** The two time-series formats, damaged: series or prices, or one line naming the file. */
class SeriesReadersFuzzTest {
    private static final int TRIES = 300;
    /** The lab's window: what {@code train} cuts the test days with. */
    private static final int WINDOW = 7;

    @TempDir
    Path dir;

    @Test
    void damagedControlChartFilesAreSeriesOrAOneLineError() {
        byte[] sample = ReaderFuzz.resource("datasets/samples/timeseries/synthetic-control-sample.data");
        assertTrue(ReaderFuzz.assertOnlyOneLineErrors(
                        dir,
                        "synthetic_control.data",
                        sample,
                        TRIES,
                        f -> SeriesFiles.readBlocks(f, ControlChartData.CLASSES))
                > 0);
        assertTrue(
                ReaderFuzz.assertOnlyOneLineErrors(dir, "series.txt", sample, TRIES / 3, SeriesFiles::readSeries) > 0);
    }

    @Test
    void damagedPriceFilesArePricesOrAOneLineError() throws Exception {
        byte[] prices = Files.readAllBytes(SyntheticPrices.write(dir.resolve("good.csv"), SyntheticPrices.rows(40)));
        assertTrue(new String(prices, StandardCharsets.UTF_8).contains("\r\n"), "the lab's CRLF file");
        assertTrue(ReaderFuzz.assertOnlyOneLineErrors(dir, "data-02-stock_daily.csv", prices, TRIES, f -> {
                    DailyPrices p = DailyPrices.read(f);
                    return p.testRows(WINDOW).size() + p.trainRows().size();
                })
                > 0);
    }
}
