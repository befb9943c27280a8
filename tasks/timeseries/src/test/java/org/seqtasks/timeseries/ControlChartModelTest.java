package org.seqtasks.timeseries;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqtasks.UserFacingException;
import org.seqtasks.model.Cell;
import org.seqtasks.model.RnnConfig;

class ControlChartModelTest {
    @TempDir
    Path dir;

    private static final List<LabelledSeries> SERIES = ControlChartGenerator.generate(4, 30, 5);

    private static RnnConfig config(Cell cell, int layers) {
        return RnnConfig.of(cell, 3).hidden(5).layers(layers).clip(1).learningRate(0.01);
    }

    @Test
    void parametersAreTheCellsPlusASoftmaxOverSixClasses() {
        for (Cell cell : Cell.values()) {
            ControlChartModel m = ControlChartModel.create(config(cell, 2), SERIES, "s", 1, -1);
            assertEquals(
                    cell.parameterCount(1, 5) + cell.parameterCount(5, 5) + 5 * 6 + 6, m.parameterCount(), cell.id());
        }
    }

    @Test
    void theStandardisationIsFittedOnTheTrainingSeriesOnly() {
        double[] values =
                SERIES.stream().flatMapToDouble(s -> Arrays.stream(s.values())).toArray();
        double mean = Arrays.stream(values).average().orElseThrow();
        double var = Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / values.length;
        ControlChartModel m = ControlChartModel.create(config(Cell.RNN, 1), SERIES, "s", 1, -1);
        assertEquals(mean, m.spec().mean()[0], 1e-3);
        assertEquals(Math.sqrt(var), m.spec().std()[0], 1e-2);
        List<LabelledSeries> other = new ArrayList<>(SERIES);
        other.add(new LabelledSeries(new double[30], 0));
        ControlChartModel n = ControlChartModel.create(config(Cell.RNN, 1), other, "s", 1, -1);
        assertEquals(true, n.spec().mean()[0] < m.spec().mean()[0], "another training set, another standardisation");
        assertEquals(
                0.0,
                m.dataSet(SERIES).getFeatures().meanNumber().doubleValue(),
                1e-3,
                "training series come out centred");
    }

    @Test
    void saveAndLoadGiveTheSameProbabilitiesAndSpec() {
        for (Cell cell : Cell.values()) {
            ControlChartModel m = ControlChartModel.create(config(cell, 1), SERIES, "s", 9, 3);
            for (int i = 0; i < 3; i++) {
                m.network().fit(m.dataSet(SERIES));
            }
            Path file = dir.resolve(cell.id() + ".zip");
            m.save(file);
            ControlChartModel back = ControlChartModel.load(file);
            assertEquals(m.spec().rnn(), back.spec().rnn());
            assertEquals(3, back.spec().fold());
            assertEquals(9, back.spec().splitSeed());
            assertArrayEquals(m.spec().std(), back.spec().std(), 0.0);
            List<double[]> raw = SERIES.stream().map(LabelledSeries::values).toList();
            double[][] a = m.probabilities(raw);
            double[][] b = back.probabilities(raw);
            for (int i = 0; i < a.length; i++) {
                assertArrayEquals(a[i], b[i], 0.0);
                assertEquals(1.0, Arrays.stream(a[i]).sum(), 1e-5);
            }
        }
    }

    @Test
    void aForecasterIsNotAClassifier() {
        MinMaxScaler scaler = MinMaxScaler.fit(SyntheticPrices.rows(20));
        Path file = dir.resolve("lab.zip");
        TimeseriesModel.create(config(Cell.RNN, 1), 7, scaler, "s").save(file);
        UserFacingException e = assertThrows(UserFacingException.class, () -> ControlChartModel.load(file));
        assertEquals(file + ": a timeseries forecaster (the stock lab), not a series classifier", e.getMessage());
    }

    /** A series is read at its own last step: batched with longer ones (padded after it), it scores as it does alone. */
    @Test
    void paddingChangesNoPrediction() {
        ControlChartModel m = ControlChartModel.create(config(Cell.LSTM, 1), SERIES, "s", 1, -1);
        double[] shortSeries = Arrays.copyOf(SERIES.get(9).values(), 17);
        double[][] alone = m.probabilities(List.of(shortSeries));
        double[][] batched = m.probabilities(
                List.of(SERIES.get(0).values(), shortSeries, SERIES.get(20).values()));
        assertArrayEquals(alone[0], batched[1], 1e-6);
    }
}
