package org.seqtasks.timeseries;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqtasks.data.Json;
import org.seqtasks.model.ModelArchive;
import org.seqtasks.model.RecurrentNetworks;
import org.seqtasks.model.RnnConfig;

/**
 * A next-day Close forecaster: windows of daily rows -> SimpleRnn/LSTM layers -> the last step's state
 * -> one linear unit, trained on mean squared error in scaled units. It carries the scaler fitted on its
 * training days, so a saved model scales new data exactly as it was trained.
 */
public final class TimeseriesModel {
    /** The recipe saved with the model. */
    public record Spec(RnnConfig rnn, int window, MinMaxScaler scaler, String dataset, String createdAt) {}

    static final String TASK = "timeseries";

    private final MultiLayerNetwork network;
    private final Spec spec;

    public TimeseriesModel(MultiLayerNetwork network, Spec spec) {
        this.network = network;
        this.spec = spec;
    }

    /** An untrained model whose scaler is {@code scaler} (fitted on the training days by the caller). */
    public static TimeseriesModel create(RnnConfig rnn, int window, MinMaxScaler scaler, String dataset) {
        // Many-to-one through LastTimeStep: the windows are short and trained whole, with no truncated BPTT to forbid
        // it.
        return new TimeseriesModel(
                RecurrentNetworks.lastStepRegressor(rnn, DailyPrices.COLUMNS.size()),
                new Spec(rnn, window, scaler, dataset, Instant.now().toString()));
    }

    /** Windows of {@code rows} scaled with this model's scaler. */
    public PriceWindows windows(List<double[]> rows) {
        return new PriceWindows(rows, spec.scaler(), spec.window());
    }

    /** The next-day Close of each window, in scaled units (what the network outputs). */
    public double[] predictScaled(PriceWindows windows) {
        INDArray out = network.output(windows.features(), false);
        return out.castTo(DataType.DOUBLE).data().asDouble();
    }

    /** The next-day Close of each window, in price units. */
    public double[] predict(PriceWindows windows) {
        double[] scaled = predictScaled(windows);
        double[] prices = new double[scaled.length];
        for (int i = 0; i < scaled.length; i++) {
            prices[i] = spec.scaler().unscale(DailyPrices.CLOSE, scaled[i]);
        }
        return prices;
    }

    /** Mean squared error in scaled units, the loss the lab prints. */
    public double scaledMse(PriceWindows windows) {
        double[] predicted = predictScaled(windows);
        INDArray targets = windows.dataSet().getLabels();
        double sum = 0;
        for (int i = 0; i < predicted.length; i++) {
            double d = predicted[i] - targets.getDouble(i, 0);
            sum += d * d;
        }
        return sum / predicted.length;
    }

    public ForecastMetrics evaluate(PriceWindows windows) {
        return ForecastMetrics.of(predict(windows), windows.targetClose(), windows.lastClose());
    }

    public void save(Path file) {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("task", TASK);
        entries.put("spec.json", Json.write(spec));
        ModelArchive.save(file, network, entries);
    }

    public static TimeseriesModel load(Path file) {
        return from(ModelArchive.load(file, TASK));
    }

    static TimeseriesModel from(ModelArchive.Loaded loaded) {
        return new TimeseriesModel(loaded.network(), loaded.spec(Spec.class));
    }

    public MultiLayerNetwork network() {
        return network;
    }

    public Spec spec() {
        return spec;
    }

    public long parameterCount() {
        return network.numParams();
    }
}
