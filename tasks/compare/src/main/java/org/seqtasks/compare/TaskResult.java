package org.seqtasks.compare;

import java.util.ArrayList;
import java.util.List;
import org.seqtasks.report.MeanStd;
import org.seqtasks.train.CurvePoint;

/**
 * One task's side of {@code results.json}: both cells' runs over every seed, and the examples shown.
 * {@code error} is set (and {@code cells} empty) when the task could not run, e.g. its dataset was missing.
 */
public record TaskResult(
        String task,
        String dataset,
        int hidden,
        String budget,
        Measure metric,
        Measure loss,
        String throughputUnit,
        List<CellResult> cells,
        Examples examples,
        String error) {

    /** What a figure is called in the metrics map, how the report labels it, and which way is better. */
    public record Measure(String key, String label, boolean higherIsBetter, String format) {}

    /** A run of one cell with one seed. */
    public record SeedRun(
            long seed,
            double metric,
            double loss,
            double epochs,
            double trainSeconds,
            double throughput,
            List<CurvePoint> curve) {}

    public record CellResult(String cell, long params, List<SeedRun> runs) {
        public MeanStd metric() {
            return MeanStd.of(runs.stream().mapToDouble(SeedRun::metric).toArray());
        }

        public MeanStd loss() {
            return MeanStd.of(runs.stream().mapToDouble(SeedRun::loss).toArray());
        }

        public MeanStd trainSeconds() {
            return MeanStd.of(runs.stream().mapToDouble(SeedRun::trainSeconds).toArray());
        }

        public MeanStd throughput() {
            return MeanStd.of(runs.stream().mapToDouble(SeedRun::throughput).toArray());
        }

        public MeanStd epochs() {
            return MeanStd.of(runs.stream().mapToDouble(SeedRun::epochs).toArray());
        }
    }

    /** Qualitative rows (samples, predictions, tags) and images beside the report, by relative path. */
    public record Examples(String caption, List<String> headers, List<List<String>> rows, List<String> images) {
        public static Examples none() {
            return new Examples("", List.of(), List.of(), List.of());
        }
    }

    public static TaskResult failed(String task, String dataset, String budget, String error) {
        return new TaskResult(task, dataset, 0, budget, null, null, "", List.of(), Examples.none(), error);
    }

    public CellResult cell(String name) {
        return cells.stream().filter(c -> c.cell().equals(name)).findFirst().orElse(null);
    }

    /**
     * One sentence comparing the cells on the headline metric, from the numbers: which is better, by how
     * much, at what cost in parameters and speed.
     */
    public String verdict() {
        CellResult rnn = cell("SimpleRnn");
        CellResult lstm = cell("LSTM");
        if (rnn == null || lstm == null) {
            return "";
        }
        double a = rnn.metric().mean();
        double b = lstm.metric().mean();
        if (!Double.isFinite(a) || !Double.isFinite(b)) {
            return "The headline metric is missing for one of the cells.";
        }
        boolean lstmBetter = metric.higherIsBetter() ? b > a : b < a;
        String fmt = metric.format();
        String verdict;
        double spread =
                Math.max(nanToZero(rnn.metric().std()), nanToZero(lstm.metric().std()));
        if (a == b || spread > 0 && Math.abs(a - b) < spread) {
            verdict = Readings.f(
                    "On %s the two cells are level within the spread over seeds (SimpleRnn " + fmt + ", LSTM " + fmt
                            + ")",
                    metric.label(),
                    a,
                    b);
        } else {
            verdict = Readings.f(
                    "On %s the %s is better: " + fmt + " against " + fmt + " (%s is better)",
                    metric.label(),
                    lstmBetter ? "LSTM" : "SimpleRnn",
                    lstmBetter ? b : a,
                    lstmBetter ? a : b,
                    metric.higherIsBetter() ? "higher" : "lower");
        }
        verdict += Readings.f(
                "; the LSTM has %.1fx the SimpleRnn's parameters and %.2fx its training throughput, in the same budget.",
                lstm.params() / (double) Math.max(1, rnn.params()),
                lstm.throughput().mean() / rnn.throughput().mean());
        CellResult gru = cell("GRU");
        if (gru != null && Double.isFinite(gru.metric().mean())) {
            double g = gru.metric().mean();
            boolean beatsLstm = metric.higherIsBetter() ? g > b : g < b;
            verdict += Readings.f(
                    " The GRU: " + fmt
                            + " (%s the LSTM), with %.2fx the LSTM's parameters and %.2fx its training throughput.",
                    g,
                    g == b ? "level with" : beatsLstm ? "better than" : "behind",
                    gru.params() / (double) Math.max(1, lstm.params()),
                    gru.throughput().mean() / lstm.throughput().mean());
        }
        return verdict;
    }

    /**
     * The cells compared at an equal number of updates rather than equal time: each first-seed validation curve read
     * (linearly between validations) at the number of epochs the slowest cell reached in the budget. Batches are the same
     * for every cell, so equal epochs are equal updates. Empty when a curve is missing.
     */
    public String equalUpdatesReading() {
        double epochs = Double.POSITIVE_INFINITY;
        for (CellResult c : cells) {
            List<CurvePoint> curve =
                    c.runs().isEmpty() ? List.of() : c.runs().get(0).curve();
            if (curve == null || curve.isEmpty()) {
                return "";
            }
            epochs = Math.min(epochs, curve.get(curve.size() - 1).epoch());
        }
        if (!(epochs > 0) || Double.isInfinite(epochs)) {
            return "";
        }
        StringBuilder b = new StringBuilder(Readings.f(
                "At an equal number of updates (%.2f epochs, as far as the slowest cell got), the"
                        + " validation loss per unit was",
                epochs));
        String best = null;
        double bestLoss = Double.POSITIVE_INFINITY;
        List<String> parts = new ArrayList<>();
        for (CellResult c : cells) {
            double v = validationLossAt(c.runs().get(0).curve(), epochs);
            parts.add(Readings.f(" %s %.4f", c.cell(), v));
            if (v < bestLoss) {
                bestLoss = v;
                best = c.cell();
            }
        }
        b.append(String.join(",", parts));
        b.append(Readings.f(": per update the %s learns most; per second, the table above.", best));
        return b.toString();
    }

    /** The validation loss at {@code epoch}, linear between the validations around it (the first one before it). */
    static double validationLossAt(List<CurvePoint> curve, double epoch) {
        CurvePoint previous = null;
        for (CurvePoint p : curve) {
            if (p.epoch() >= epoch) {
                if (previous == null || p.epoch() == previous.epoch()) {
                    return p.validationLoss();
                }
                double w = (epoch - previous.epoch()) / (p.epoch() - previous.epoch());
                return previous.validationLoss() + w * (p.validationLoss() - previous.validationLoss());
            }
            previous = p;
        }
        return curve.get(curve.size() - 1).validationLoss();
    }

    private static double nanToZero(double v) {
        return Double.isNaN(v) ? 0 : v;
    }
}
