package org.seqtasks.timeseries;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.dataset.DataSet;
import org.seqtasks.cli.Cli;
import org.seqtasks.cli.EvalCommandOptions;
import org.seqtasks.cli.TrainCommandOptions;
import org.seqtasks.data.SeqtasksException;
import org.seqtasks.model.RnnConfig;
import org.seqtasks.report.CurveChart;
import org.seqtasks.report.RunResult;
import org.seqtasks.train.CurvePoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Next-day stock price forecasting, the lecture's stock lab done without its leak: windows of 7 days of
 * Open, High, Low, Volume, Close -> SimpleRnn or LSTM -> the next day's Close. The scaler is fitted on
 * the training days only, and the test days are scored in price units against the naive forecast
 * "tomorrow closes where today closed".
 *
 * <pre>
 * ./seqtasks timeseries train [--cell rnn|lstm] [--dataset goog-stock | --input FILE] [--window 7] [--epochs 500] ...
 * ./seqtasks timeseries eval --model runs/.../model.zip [--dataset goog-stock | --input FILE]
 * </pre>
 */
@Command(name = "timeseries", mixinStandardHelpOptions = true,
        footer = "Add --verbose to any command to see the stack trace of an error.",
        description = "Next-day price forecasting from daily rows: train, eval (SimpleRnn or LSTM).",
        subcommands = {TimeseriesMain.Train.class, TimeseriesMain.Eval.class})
public final class TimeseriesMain {
    public static void main(String[] args) {
        System.exit(Cli.execute(new TimeseriesMain(), args));
    }

    /** Runs one subcommand and returns its result (tests and {@code compare} call this). */
    public static RunResult run(String... args) {
        return Cli.run(new TimeseriesMain(), args);
    }

    /** The lab's recipe: 1 x 10 units, Adam 0.01, 500 full-batch iterations. */
    static RnnConfig labDefaults(TrainCommandOptions options) {
        return options.config(new RnnConfig(options.cell, 10, 1, false, 0, 0, 0.01, 0, 0, options.seed));
    }

    static final int LAB_ITERATIONS = 500;

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Train a forecaster; writes model.zip, metrics.json, curve.csv/png, predictions.csv/png.")
    static final class Train implements Callable<RunResult> {
        @Mixin
        TrainCommandOptions options;

        @Option(names = "--window", defaultValue = "7", description = "Days of history per forecast. Default: ${DEFAULT-VALUE}.")
        int window;

        @Option(names = "--print-every", defaultValue = "50", description = "Print the training loss every N iterations. Default: ${DEFAULT-VALUE}.")
        int printEvery;

        @Override
        public RunResult call() {
            rejectOptionsThatDoNotApply();
            if (window < 1 || printEvery < 1) {
                throw new SeqtasksException("--window and --print-every must be >= 1");
            }
            DailyPrices prices = DailyPrices.load(options.dataset, options.input, options.dataDir);
            String dataset = options.input != null ? options.input.getFileName().toString() : prices.source();
            RnnConfig rnn = labDefaults(options);
            int iterations = TrainCommandOptions.or(options.epochs, LAB_ITERATIONS);
            if (iterations < 1) {
                throw new SeqtasksException("--epochs (full-batch iterations) must be >= 1, got " + iterations);
            }
            double maxMinutes = TrainCommandOptions.or(options.maxMinutes, 0.0);

            MinMaxScaler scaler = MinMaxScaler.fit(prices.trainRows());
            TimeseriesModel model = TimeseriesModel.create(rnn, window, scaler, dataset);
            PriceWindows train = model.windows(prices.trainRows());
            PriceWindows test = model.windows(prices.testRows(window));
            System.err.printf(Locale.ROOT, "timeseries %s on %s: %d days, %d train / %d test windows of %d days, %d x %d, %,d parameters%n",
                    rnn.cell().displayName(), dataset, prices.days(), train.size(), test.size(), window, rnn.layers(), rnn.hidden(),
                    model.parameterCount());

            // The lab's loop: one batch holds every training window, so an iteration is an epoch and the
            // Trainer's batching, validation and checkpointing have nothing to do; the model trained is
            // the model reported (the test days never choose a checkpoint).
            DataSet batch = train.dataSet();
            List<CurvePoint> curve = new ArrayList<>();
            long t0 = System.nanoTime();
            int done = 0;
            String stopReason = "iterations";
            while (done < iterations) {
                model.network().fit(batch);
                done++;
                double seconds = (System.nanoTime() - t0) / 1e9;
                if (!Double.isFinite(model.network().score())) {
                    throw new SeqtasksException("training diverged at iteration " + done + " (loss " + model.network().score()
                            + "); try a lower --lr");
                }
                boolean outOfTime = maxMinutes > 0 && seconds >= maxMinutes * 60;
                if (done % printEvery == 0 || done == iterations || outOfTime) {
                    double trainLoss = model.network().score();
                    // Watched, never used to choose anything: the test MSE in the train-fitted scale.
                    double testLoss = model.scaledMse(test);
                    curve.add(new CurvePoint(done, done, seconds, trainLoss, testLoss, done * (double) train.size() / seconds));
                    System.err.printf(Locale.ROOT, "[step %d] loss %.6f (test %.6f, scaled)%n", done, trainLoss, testLoss);
                }
                if (outOfTime) {
                    stopReason = "time";
                    break;
                }
            }
            double trainSeconds = (System.nanoTime() - t0) / 1e9;

            Path out = options.outDir("timeseries");
            Cli.createFolder(out);
            Path modelFile = out.resolve("model.zip");
            model.save(modelFile);
            writeCurve(curve, out.resolve("curve.csv"));
            CurveChart.write(curve, "timeseries " + rnn.cell().displayName() + " on " + dataset, "MSE (scaled)", out.resolve("curve.png"));

            ForecastMetrics metrics = model.evaluate(test);
            double[] predicted = model.predict(test);
            writePredictions(test, predicted, out.resolve("predictions.csv"));
            PriceChart.write(test.targetClose(), predicted, dataset + ": next-day Close on the test days", rnn.cell().displayName(),
                    out.resolve("predictions.png"));
            LabScaling lab = LabScaling.evaluate(model, prices, window);

            Map<String, Object> figures = metrics.asMap();
            figures.put("trainMse", model.scaledMse(train));
            figures.put("testMse", model.scaledMse(test));
            figures.put("labScalingRmse", lab.metrics().rmse());
            figures.put("labScalingMae", lab.metrics().mae());
            figures.put("iterations", done);
            figures.put("stopReason", stopReason);
            figures.put("trainWindows", train.size());
            RunResult run = new RunResult("timeseries", rnn.cell().id(), dataset, "test", model.parameterCount(), done, trainSeconds,
                    new RunResult.Throughput(done * (double) train.size() / trainSeconds, "windows/s"), figures, out, modelFile, null);
            Path metricsFile = run.writeMetrics(out);
            System.out.printf(Locale.ROOT, "train MSE (scaled, the lab's figure): %.5f after %d iterations in %.0f s%n",
                    run.metric("trainMse"), done, trainSeconds);
            printTest(metrics);
            System.out.printf(Locale.ROOT, "with the lab's scaling (test days scaled by their own min and max): RMSE %.2f, MAE %.2f%n",
                    lab.metrics().rmse(), lab.metrics().mae());
            System.out.println("model:   " + modelFile);
            System.out.println("metrics: " + metricsFile);
            System.out.println("plot:    " + out.resolve("predictions.png"));
            return run;
        }

        private void rejectOptionsThatDoNotApply() {
            if (options.batch != null) {
                throw new SeqtasksException("timeseries trains on all windows at once, as the lab does: --batch does not apply");
            }
            if (options.tbptt != null && options.tbptt > 0) {
                throw new SeqtasksException("timeseries trains whole windows of --window days: --tbptt does not apply");
            }
            if (Boolean.TRUE.equals(options.bidirectional)) {
                throw new SeqtasksException("timeseries reads each window forwards to its last day: --bidirectional is not supported");
            }
            if (options.resume != null) {
                throw new SeqtasksException("timeseries train has no --resume: a run takes seconds, train again with more --epochs");
            }
            if (options.validateEvery != null || options.patience > 0 || options.lrDecay != null) {
                throw new SeqtasksException("timeseries keeps the model of the last iteration and never selects on the test days:"
                        + " --validate-every, --patience and --lr-decay do not apply");
            }
        }
    }

    @Command(name = "eval", mixinStandardHelpOptions = true, description = "Score a model on the test days, in price units, against the naive forecast.")
    static final class Eval implements Callable<RunResult> {
        @Mixin
        EvalCommandOptions options;

        @Override
        public RunResult call() {
            if (options.split != null && !options.split.equals("test")) {
                throw new SeqtasksException("timeseries has one held-out split, 'test' (the last 30% of days); got --split " + options.split);
            }
            TimeseriesModel model = TimeseriesModel.load(options.model);
            String name = options.dataset != null || options.input != null ? options.dataset : model.spec().dataset();
            DailyPrices prices = DailyPrices.load(name, options.input, options.dataDir);
            String dataset = options.input != null ? options.input.getFileName().toString() : prices.source();
            long t0 = System.nanoTime();
            PriceWindows test = model.windows(prices.testRows(model.spec().window()));
            ForecastMetrics metrics = model.evaluate(test);
            double seconds = (System.nanoTime() - t0) / 1e9;
            Map<String, Object> figures = new LinkedHashMap<>(metrics.asMap());
            figures.put("testMse", model.scaledMse(test));
            Path dir = options.outDir("timeseries");
            RunResult run = new RunResult("timeseries", model.spec().rnn().cell().id(), dataset, "test", model.parameterCount(), 0, 0,
                    new RunResult.Throughput(test.size() / seconds, "windows/s"), figures, dir, options.model, null);
            Path file = run.writeMetrics(dir);
            printTest(metrics);
            System.out.println("metrics: " + file);
            return run;
        }
    }

    private static void printTest(ForecastMetrics m) {
        System.out.printf(Locale.ROOT, "test (%d days): RMSE %.2f, MAE %.2f; naive 'tomorrow = today's close': RMSE %.2f, MAE %.2f -> %s%n",
                m.days(), m.rmse(), m.mae(), m.naiveRmse(), m.naiveMae(),
                m.beatsNaive() ? "beats the naive forecast" : "does NOT beat the naive forecast");
    }

    private static void writeCurve(List<CurvePoint> curve, Path file) {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(CurvePoint.CSV_HEADER + "\n");
            for (CurvePoint p : curve) {
                w.write(p.csv() + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void writePredictions(PriceWindows test, double[] predicted, Path file) {
        double[] truth = test.targetClose();
        double[] naive = test.lastClose();
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("test_day,true_close,predicted_close,naive_close\n");
            for (int i = 0; i < truth.length; i++) {
                w.write(String.format(Locale.ROOT, "%d,%.4f,%.4f,%.4f%n", i + 1, truth[i], predicted[i], naive[i]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
