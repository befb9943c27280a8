package org.seqtasks.timeseries;

import static org.seqtasks.testing.FrozenModel.number;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqtasks.testing.FrozenModel;

/**
 * The task's two kinds of model, saved on 2026-12-01, must keep loading and give the same outputs (see {@link FrozenModel};
 * refreeze: {@code -Dtest=TimeseriesFrozenModelsTest -Dseqtasks.refreeze=true}). The {@code freeze} methods are how they
 * were made: a SimpleRnn classifier of 6 units, ten epochs on the generated control charts, and the lab's forecaster
 * (LSTM) for 20 iterations on synthetic prices.
 */
class TimeseriesFrozenModelsTest {
    /** Probe series: a flat line, a rising one, a wave, a step up, each 60 steps like the training series. */
    private static final int LENGTH = 60;

    @TempDir
    Path dir;

    private Path freezeClassifier() {
        Path out = dir.resolve("classifier");
        TimeseriesMain.run(
                "train",
                "--cell",
                "rnn",
                "--hidden",
                "6",
                "--epochs",
                "10",
                "--batch",
                "50",
                "--seed",
                "11",
                "--progress",
                "off",
                "--out",
                out.toString());
        return out.resolve("model.zip");
    }

    private Path freezeForecaster() {
        Path out = dir.resolve("forecaster");
        Path csv = SyntheticPrices.write(dir.resolve("prices.csv"), SyntheticPrices.rows(60));
        TimeseriesMain.run(
                "train",
                "--input",
                csv.toString(),
                "--cell",
                "lstm",
                "--epochs",
                "20",
                "--print-every",
                "10",
                "--seed",
                "11",
                "--progress",
                "off",
                "--out",
                out.toString());
        return out.resolve("model.zip");
    }

    @Test
    void theFrozenClassifierStillLoadsAndGivesTheSameProbabilities() {
        FrozenModel frozen = new FrozenModel("classifier");
        ControlChartModel model = ControlChartModel.load(frozen.model(this::freezeClassifier));
        List<double[]> probes = new ArrayList<>();
        for (int kind = 0; kind < 4; kind++) {
            double[] s = new double[LENGTH];
            for (int t = 0; t < LENGTH; t++) {
                s[t] = 30
                        + switch (kind) {
                            case 0 -> 0.0;
                            case 1 -> 0.4 * t;
                            case 2 -> 12 * Math.sin(2 * Math.PI * t / 12);
                            default -> t < LENGTH / 2 ? 0 : 15;
                        };
            }
            probes.add(s);
        }
        List<String> outputs = new ArrayList<>();
        outputs.add("recipe " + model.spec().rnn().cell().id() + " hidden "
                + model.spec().rnn().hidden() + " classes "
                + String.join(",", model.spec().classes()) + " parameters " + model.parameterCount());
        for (double[] p : model.probabilities(probes)) {
            StringBuilder line = new StringBuilder("P");
            for (double v : p) {
                line.append(' ').append(number(v));
            }
            outputs.add(line.toString());
        }
        frozen.assertSameOutputs(outputs);
    }

    @Test
    void theFrozenForecasterStillLoadsAndGivesTheSamePrices() {
        FrozenModel frozen = new FrozenModel("forecaster");
        TimeseriesModel model = TimeseriesModel.load(frozen.model(this::freezeForecaster));
        List<String> outputs = new ArrayList<>();
        outputs.add("recipe " + model.spec().rnn().cell().id() + " hidden "
                + model.spec().rnn().hidden() + " window " + model.spec().window() + " parameters "
                + model.parameterCount());
        StringBuilder line = new StringBuilder("next closes");
        for (double close : model.predict(model.windows(SyntheticPrices.rows(20)))) {
            line.append(' ').append(number(close));
        }
        outputs.add(line.toString());
        frozen.assertSameOutputs(outputs);
    }
}
