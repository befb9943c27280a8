package org.seqtasks.timeseries;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PriceWindowsTest {
    @Test
    void eachWindowHoldsItsScaledDaysAndTheNextClose() {
        List<double[]> rows = SyntheticPrices.rows(10);
        MinMaxScaler scaler = MinMaxScaler.fit(rows);
        PriceWindows w = new PriceWindows(rows, scaler, 3);
        assertEquals(7, w.size());
        assertArrayEquals(new long[] {7, 5, 3}, w.features().shape());
        for (int i = 0; i < 7; i++) {
            for (int t = 0; t < 3; t++) {
                for (int c = 0; c < 5; c++) {
                    assertEquals(
                            scaler.scale(c, rows.get(i + t)[c]), w.features().getDouble(i, c, t), 1e-6);
                }
            }
            assertEquals(
                    scaler.scale(4, rows.get(i + 3)[4]), w.dataSet().getLabels().getDouble(i, 0), 1e-6);
            assertEquals(rows.get(i + 3)[4], w.targetClose()[i], 0.0);
            assertEquals(rows.get(i + 2)[4], w.lastClose()[i], 0.0);
        }
    }

    @Test
    void theScalerMapsTheTrainingRangeToZeroOneAndBack() {
        MinMaxScaler s = MinMaxScaler.fit(List.of(new double[] {10, 5}, new double[] {20, 5}));
        assertEquals(0, s.scale(0, 10), 1e-12);
        assertEquals(1, s.scale(0, 20), 1e-6);
        assertTrue(s.scale(0, 30) > 1.9, "a price above the training range scales above 1");
        assertEquals(0, s.scale(1, 5), 0.0, "a constant column does not divide by zero");
        assertEquals(17.5, s.unscale(0, s.scale(0, 17.5)), 1e-9);
    }

    @Test
    void metricsCompareWithTheNaiveForecast() {
        ForecastMetrics m = ForecastMetrics.of(new double[] {1, 2, 3}, new double[] {1, 2, 5}, new double[] {0, 1, 2});
        assertEquals(Math.sqrt(4 / 3.0), m.rmse(), 1e-12);
        assertEquals(2 / 3.0, m.mae(), 1e-12);
        assertEquals(Math.sqrt(11 / 3.0), m.naiveRmse(), 1e-12);
        assertEquals(5 / 3.0, m.naiveMae(), 1e-12);
        assertTrue(m.beatsNaive());
        assertFalse(ForecastMetrics.of(new double[] {0, 0, 0}, new double[] {1, 2, 5}, new double[] {0, 1, 2})
                .beatsNaive());
    }
}
