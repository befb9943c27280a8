package org.seqtasks.timeseries;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.seqtasks.UserFacingException;

class DailyPricesTest {
    @Test
    void rowsAreReversedToOldestFirstAndCommentsSkipped() {
        DailyPrices p = DailyPrices.parse(
                List.of(
                        "# source",
                        "# Open,High,Low,Volume,Close",
                        "3,3.5,2.5,300,3.2",
                        "2,2.5,1.5,200,2.2",
                        "1,1.5,0.5,100,1.2"),
                "t.csv");
        assertEquals(3, p.days());
        assertArrayEquals(new double[] {1, 1.5, 0.5, 100, 1.2}, p.rows().get(0), 0.0);
        assertArrayEquals(new double[] {3, 3.5, 2.5, 300, 3.2}, p.rows().get(2), 0.0);
    }

    @Test
    void badLinesNameTheFileLineAndProblem() {
        assertMessage("t.csv:3: 4 fields, expected 5 (Open,High,Low,Volume,Close)", "# c", "1,2,3,4,5", "1,2,3,4");
        assertMessage("t.csv:2: Volume 'n/a' is not a number", "1,2,3,4,5", "1,2,3,n/a,5");
        assertMessage("t.csv:2: empty line (expected Open,High,Low,Volume,Close)", "1,2,3,4,5", "", "1,2,3,4,5");
        assertMessage("t.csv:1: Close is NaN, not a finite number", "1,2,3,4,NaN");
        assertMessage("t.csv: no price rows (only comments or nothing)", "# only a comment");
    }

    private static void assertMessage(String expected, String... lines) {
        UserFacingException e =
                assertThrows(UserFacingException.class, () -> DailyPrices.parse(List.of(lines), "t.csv"));
        assertEquals(expected, e.getMessage());
    }

    @Test
    void theSplitKeepsTestTargetsAfterTheTrainingDays() {
        DailyPrices p = new DailyPrices("s", SyntheticPrices.rows(100));
        assertEquals(70, p.trainRows().size());
        assertEquals(30 + 7, p.testRows(7).size(), "the test part starts 7 days early");
        assertEquals(p.rows().get(63), p.testRows(7).get(0));
        MinMaxScaler scaler = MinMaxScaler.fit(p.trainRows());
        PriceWindows test = new PriceWindows(p.testRows(7), scaler, 7);
        assertEquals(30, test.size());
        assertEquals(
                p.rows().get(70)[DailyPrices.CLOSE],
                test.targetClose()[0],
                0.0,
                "first test target = first day after training");
        assertEquals(
                p.rows().get(69)[DailyPrices.CLOSE],
                test.lastClose()[0],
                0.0,
                "its naive forecast = the last training day");
    }

    @Test
    void theScalerNeverSeesTestDays() {
        List<double[]> rows = SyntheticPrices.rows(100);
        MinMaxScaler before = MinMaxScaler.fit(new DailyPrices("s", rows).trainRows());
        List<double[]> changed = new ArrayList<>(rows);
        changed.set(99, new double[] {1e6, 1e6, 1e6, 1e9, 1e6});
        changed.set(70, new double[] {-5, -5, -5, 0, -5});
        MinMaxScaler after = MinMaxScaler.fit(new DailyPrices("s", changed).trainRows());
        assertArrayEquals(before.min(), after.min(), 0.0);
        assertArrayEquals(before.max(), after.max(), 0.0);
        changed.set(69, new double[] {1e6, 1e6, 1e6, 1e9, 1e6});
        double[] moved =
                MinMaxScaler.fit(new DailyPrices("s", changed).trainRows()).max();
        assertEquals(1e6, moved[DailyPrices.CLOSE], 0.0, "the last training day does count");
    }

    /** The lab's file, when the mirror is available: 732 days, 505 training and 220 test windows of 7 days. */
    @Test
    void theLabFileGivesTheLabsWindowCounts() {
        String env = System.getenv("SEQTASKS_DATA");
        Assumptions.assumeTrue(
                env != null && !env.isBlank(), "SEQTASKS_DATA is unset: skipping the goog-stock windowing check");
        DailyPrices p = DailyPrices.load("goog-stock", null, null);
        assertEquals(732, p.days());
        // the file's last line is the oldest day
        assertArrayEquals(
                new double[] {568.00257, 568.00257, 552.922516, 13100, 558.462551},
                p.rows().get(0),
                1e-9);
        assertEquals(512, p.splitDay());
        MinMaxScaler scaler = MinMaxScaler.fit(p.trainRows());
        assertEquals(505, new PriceWindows(p.trainRows(), scaler, 7).size());
        assertEquals(220, new PriceWindows(p.testRows(7), scaler, 7).size());
    }
}
