package org.seqtasks.compare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.seqtasks.model.Cell;
import org.seqtasks.model.RecurrentNetworks;
import org.seqtasks.model.RnnConfig;

/**
 * Experiment 2, long-term dependency: {@link RecallTask} at growing lags, each cell trained from scratch
 * for the same number of minibatches at every lag, then scored on fresh sequences.
 */
public final class LongTermDependencyExperiment {
    private LongTermDependencyExperiment() {}

    /** Sizes: {@code iterations} minibatches of {@code batch} fresh sequences per cell and lag. */
    public record Setup(
            int[] lags,
            int symbols,
            int distractors,
            int hidden,
            int iterations,
            int batch,
            double learningRate,
            int testSize) {}

    /** {@code accuracy[i]} is the test accuracy at {@code lags[i]}. */
    public record CellCurve(String cell, long params, double[] accuracy, double seconds) {}

    public record Result(Setup setup, double chance, List<CellCurve> cells) {
        /** Accuracies within this margin of chance count as chance: three binomial standard errors of the test set. */
        public double chanceMargin() {
            return 3 * Math.sqrt(chance * (1 - chance) / setup.testSize());
        }

        /** The first lag from which the cell stays within the margin of chance, or -1 if it never does. */
        public int chanceFrom(CellCurve c) {
            int from = -1;
            for (int i = setup.lags().length - 1; i >= 0; i--) {
                if (c.accuracy()[i] <= chance + chanceMargin()) {
                    from = setup.lags()[i];
                } else {
                    break;
                }
            }
            return from;
        }

        /** The lag tried just before {@code lag} (the first lag has none: itself). */
        int lagBefore(int lag) {
            int[] lags = setup.lags();
            for (int i = 1; i < lags.length; i++) {
                if (lags[i] == lag) {
                    return lags[i - 1];
                }
            }
            return lag;
        }

        /** The first lag at which the cell's accuracy is below {@code level}, or -1. */
        public int firstBelow(CellCurve c, double level) {
            for (int i = 0; i < setup.lags().length; i++) {
                if (c.accuracy()[i] < level) {
                    return setup.lags()[i];
                }
            }
            return -1;
        }

        public String reading() {
            StringBuilder b = new StringBuilder(Readings.f(
                    "The answer is the first of %d symbols, so chance is %s; accuracies within %.1f percentage points"
                            + " of it (three standard errors on %d test sequences) count as chance. Each point is a fresh network trained on"
                            + " %d minibatches of %d. ",
                    setup.symbols(),
                    Readings.percent(chance),
                    100 * chanceMargin(),
                    setup.testSize(),
                    setup.iterations(),
                    setup.batch()));
            for (CellCurve c : cells) {
                int[] lags = setup.lags();
                List<String> points = new ArrayList<>();
                for (int i = 0; i < lags.length; i++) {
                    points.add(Readings.f("%s at k=%d", Readings.percent(c.accuracy()[i]), lags[i]));
                }
                int from = chanceFrom(c);
                List<String> atChance = new ArrayList<>();
                for (int i = 0; i < lags.length; i++) {
                    if (c.accuracy()[i] <= chance + chanceMargin()) {
                        atChance.add("k=" + lags[i]);
                    }
                }
                b.append(Readings.f("%s: %s; ", c.cell(), String.join(", ", points)));
                b.append(
                        atChance.isEmpty()
                                ? "it stays above chance at every lag tried. "
                                : from < 0
                                        ? Readings.f(
                                                "it is at chance at %s but above it at a longer lag (every lag trains a"
                                                        + " fresh network, and one can miss what another finds). ",
                                                String.join(", ", atChance))
                                        : from == lags[0]
                                                ? "it is at chance already at the shortest lag. "
                                                : Readings.f("it is at chance from k=%d on. ", from));
            }
            if (cells.size() >= 2) { // SimpleRnn against LSTM; a GRU's curve is in the list above
                int rnn = chanceFrom(cells.get(0));
                int lstm = chanceFrom(cells.get(1));
                int rnnDrop = firstBelow(cells.get(0), 0.9);
                int lstmDrop = firstBelow(cells.get(1), 0.9);
                int[] lags = setup.lags();
                int longest = lags[lags.length - 1];
                if (rnn > 0 && (lstm < 0 || lstm > rnn)) {
                    b.append(Readings.f(
                            "So with the same training the SimpleRnn loses the symbol from k=%d while the LSTM %s: its gated,"
                                    + " additive cell state can hold one value across the distractors.",
                            rnn,
                            lstm < 0
                                    ? Readings.f("still recalls it at k=%d", longest)
                                    : Readings.f("holds it until k=%d", lstm)));
                } else if (rnnDrop > 0 && (lstmDrop < 0 || lstmDrop > rnnDrop)) {
                    b.append(Readings.f(
                            "The SimpleRnn falls below 90%% from k=%d while the LSTM %s: the gap the lecture predicts, opening"
                                    + " where the SimpleRnn's gradient from the answer has to cross %d steps.",
                            rnnDrop,
                            lstmDrop < 0
                                    ? Readings.f("stays at or above 90%% up to k=%d", longest)
                                    : Readings.f("holds 90%% up to k=%d", lagBefore(lstmDrop)),
                            rnnDrop - 1));
                    if (rnn > 0 && rnn == lstm) {
                        b.append(Readings.f(
                                " From k=%d both are at chance: %d minibatches are too few for either cell to find a dependency"
                                        + " that far back (the --full mode trains longer).",
                                rnn, setup.iterations()));
                    }
                } else if (rnn < 0 && lstm < 0) {
                    b.append(Readings.f(
                            "Neither cell falls below 90%% earlier than the other up to k=%d with this training: longer lags"
                                    + " (--full) are needed to separate them.",
                            longest));
                } else {
                    b.append(
                            "Here the LSTM does not outlast the SimpleRnn; with this little training the difference the lecture"
                                    + " predicts is not visible (the --full mode trains longer).");
                }
            }
            return b.toString();
        }
    }

    /** Trains every cell at every lag, one after the other, and returns the accuracies (the notebooks call this). */
    public static Result run(Setup setup, long seed, Progress progress) {
        SideBySide lanes = new SideBySide(1);
        Supplier<Result> result = plan(setup, seed, 0, progress, lanes);
        lanes.runAll();
        return result.get();
    }

    /**
     * Adds one training per cell and lag to {@code lanes} ({@code plannedSeconds} for all together, shared in
     * proportion to the sequence lengths); the result can be read once they have run.
     */
    static Supplier<Result> plan(Setup setup, long seed, double plannedSeconds, Progress progress, SideBySide lanes) {
        double chance = 1.0 / setup.symbols();
        double totalLength =
                Cell.values().length * (double) Arrays.stream(setup.lags()).sum();
        Map<Cell, List<SideBySide.Pending<Trained>>> byCell = new EnumMap<>(Cell.class);
        for (Cell cell : Cell.values()) {
            List<SideBySide.Pending<Trained>> lags = new ArrayList<>();
            for (int i = 0; i < setup.lags().length; i++) {
                int lagIndex = i;
                double seconds = plannedSeconds * setup.lags()[i] / totalLength; // a sequence is lag steps long
                String what = Readings.f("recall experiment, %s, k=%d", cell.displayName(), setup.lags()[lagIndex]);
                lags.add(lanes.add(seconds, progress.step(what, seconds, () -> train(setup, cell, lagIndex, seed))));
            }
            byCell.put(cell, lags);
        }
        return () -> {
            List<CellCurve> cells = new ArrayList<>();
            byCell.forEach((cell, lags) -> {
                double[] accuracy = new double[lags.size()];
                double seconds = 0;
                long params = 0;
                for (int i = 0; i < accuracy.length; i++) {
                    Trained t = lags.get(i).get();
                    accuracy[i] = t.accuracy();
                    seconds += t.seconds();
                    params = t.params();
                }
                cells.add(new CellCurve(cell.displayName(), params, accuracy, seconds));
            });
            return new Result(setup, chance, cells);
        };
    }

    private record Trained(double accuracy, long params, double seconds) {}

    private static Trained train(Setup setup, Cell cell, int lagIndex, long seed) {
        long t0 = System.nanoTime();
        RecallTask task = new RecallTask(setup.symbols(), setup.distractors(), setup.lags()[lagIndex]);
        MultiLayerNetwork net = RecurrentNetworks.perStepClassifier(
                RnnConfig.of(cell, seed).hidden(setup.hidden()).clip(5).learningRate(setup.learningRate()),
                task.inputSize(),
                setup.symbols());
        Random random = new Random(seed * 1000 + lagIndex);
        for (int it = 0; it < setup.iterations(); it++) {
            net.fit(task.batch(setup.batch(), random));
        }
        double accuracy = accuracy(net, task.batch(setup.testSize(), new Random(seed + 7_777 + lagIndex)));
        return new Trained(accuracy, net.numParams(), (System.nanoTime() - t0) / 1e9);
    }

    /** Share of sequences whose last-step prediction is the key they started with. */
    static double accuracy(MultiLayerNetwork net, DataSet test) {
        INDArray out = net.output(test.getFeatures());
        long last = out.size(2) - 1;
        INDArray predicted = out.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(last))
                .argMax(1);
        INDArray truth = test.getLabels()
                .get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(last))
                .argMax(1);
        long n = predicted.length();
        long right = 0;
        for (long i = 0; i < n; i++) {
            right += predicted.getLong(i) == truth.getLong(i) ? 1 : 0;
        }
        return right / (double) n;
    }
}
