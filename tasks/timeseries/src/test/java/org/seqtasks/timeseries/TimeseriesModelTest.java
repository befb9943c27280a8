package org.seqtasks.timeseries;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.seqtasks.model.Cell;
import org.seqtasks.model.RnnConfig;

/** The forecaster's network, now built by the shared factory, keeps the shape (and so the parameters) it had. */
class TimeseriesModelTest {
    private static final int COLUMNS = DailyPrices.COLUMNS.size();

    private static long parameters(Cell cell, int hidden, int layers) {
        MinMaxScaler scaler = MinMaxScaler.fit(SyntheticPrices.rows(20));
        return TimeseriesModel.create(
                        RnnConfig.of(cell, 1).hidden(hidden).layers(layers).learningRate(0.01), 7, scaler, "s")
                .parameterCount();
    }

    @Test
    void theLabNetworkHasTheParametersItHadBeforeTheFactoryBuiltIt() {
        // 1 x 10 over Open, High, Low, Volume, Close, then one linear unit (10 weights + bias): measured before the
        // move.
        assertEquals(171, parameters(Cell.RNN, 10, 1));
        assertEquals(651, parameters(Cell.LSTM, 10, 1));
    }

    @Test
    void stackedLayersCountByTheCellFormula() {
        for (Cell cell : Cell.values()) {
            long expected = cell.parameterCount(COLUMNS, 6) + cell.parameterCount(6, 6) + 6 + 1;
            assertEquals(expected, parameters(cell, 6, 2), cell.id());
        }
    }
}
