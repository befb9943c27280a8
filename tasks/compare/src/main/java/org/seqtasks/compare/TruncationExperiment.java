package org.seqtasks.compare;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import org.seqtasks.charlm.CharLmMain;
import org.seqtasks.model.Cell;
import org.seqtasks.report.RunResult;
import org.seqtasks.train.CurveCsv;
import org.seqtasks.train.CurvePoint;

/**
 * Experiment 3, truncation length: the char-LM of each cell trained with truncated BPTT segments of several
 * lengths (the window length itself = full BPTT), each for the same wall-clock budget. Short segments give more
 * updates per second but cut every gradient path longer than the segment.
 */
public final class TruncationExperiment {
    /** Differences below this (nats/char) are within the run-to-run noise of these short budgets. */
    private static final double MEANINGFUL_NATS = 0.005;

    private TruncationExperiment() {}

    /** One length's run; {@code seconds} and {@code validation} trace the validation loss over training time. */
    public record Row(
            int tbptt,
            double validationNll,
            double charsPerSecond,
            double epochs,
            long iterations,
            double[] seconds,
            double[] validation) {}

    public record Result(String cell, String dataset, int hidden, int window, double minutes, List<Row> rows) {
        public String reading() {
            if (rows.isEmpty()) {
                return "No truncation length was run.";
            }
            Row best = rows.stream()
                    .min(Comparator.comparingDouble(Row::validationNll))
                    .orElseThrow();
            Row worst = rows.stream()
                    .max(Comparator.comparingDouble(Row::validationNll))
                    .orElseThrow();
            Row fastest = rows.stream()
                    .max(Comparator.comparingDouble(Row::charsPerSecond))
                    .orElseThrow();
            Row slowest = rows.stream()
                    .min(Comparator.comparingDouble(Row::charsPerSecond))
                    .orElseThrow();
            List<String> parts = new ArrayList<>();
            for (Row r : rows) {
                parts.add(Readings.f(
                        "%s: %.3f nats/char at %.0f chars/s (%d updates)",
                        label(r.tbptt()), r.validationNll(), r.charsPerSecond(), r.iterations()));
            }
            return Readings.f(
                            "Each %s run had %.2f minutes on %s windows of %d characters. %s. ",
                            cell, minutes, dataset, window, String.join("; ", parts))
                    + Readings.f(
                            "The best validation loss came with %s (%.3f, against %.3f for %s). ",
                            label(best.tbptt()), best.validationNll(), worst.validationNll(), label(worst.tbptt()))
                    + Readings.f(
                            "Throughput in characters is %s (%.2fx from %s to %s): the segment length changes how often the weights"
                                    + " are updated (one update per segment) more than how fast characters go through. ",
                            fastest.charsPerSecond() / slowest.charsPerSecond() < 1.15
                                    ? "nearly the same"
                                    : "different",
                            fastest.charsPerSecond() / slowest.charsPerSecond(),
                            label(slowest.tbptt()),
                            label(fastest.tbptt()))
                    + (best.tbptt() < window
                            ? "In a fixed time budget, shorter segments won here: more updates outweighed the longer gradient paths they cut."
                            : "Full BPTT won here: dependencies longer than the shorter segments paid for the fewer updates.");
        }

        private String label(int tbptt) {
            return tbptt >= window || tbptt == 0 ? "full BPTT (" + window + ")" : "tBPTT " + tbptt;
        }
    }

    /**
     * What the cells' results say together: how much each lost with the shortest segment against its best length
     * (a cell that needs long gradient paths should lose most).
     */
    public static String acrossCells(List<Result> results) {
        List<String> parts = new ArrayList<>();
        String mostHurt = null;
        double largest = Double.NEGATIVE_INFINITY;
        for (Result r : results) {
            if (r.rows().isEmpty()) {
                continue;
            }
            Row shortest =
                    r.rows().stream().min(Comparator.comparingInt(Row::tbptt)).orElseThrow();
            Row best = r.rows().stream()
                    .min(Comparator.comparingDouble(Row::validationNll))
                    .orElseThrow();
            double cost = shortest.validationNll() - best.validationNll();
            parts.add(Readings.f("%s %+.3f", r.cell(), cost));
            if (cost > largest) {
                largest = cost;
                mostHurt = r.cell();
            }
        }
        if (parts.size() < 2) {
            return "";
        }
        return Readings.f(
                        "Validation loss of the shortest segment against each cell's best length: %s (nats/char). ",
                        String.join(", ", parts))
                + (largest <= MEANINGFUL_NATS
                        ? "No cell lost from the shortest segment in these budgets."
                        : Readings.f("%s lost most from short segments.", mostHurt));
    }

    /**
     * Adds one char-LM training per length in {@code tbptts} to {@code lanes} ({@code extraArgs} carries the dataset
     * and model size); the result can be read once they have run.
     */
    static Supplier<Result> plan(
            String cell,
            String dataset,
            int hidden,
            int window,
            int[] tbptts,
            double minutes,
            List<String> extraArgs,
            Path dir,
            Progress progress,
            SideBySide lanes) {
        List<SideBySide.Pending<Row>> rows = new ArrayList<>();
        for (int tbptt : tbptts) {
            String what = Readings.f(
                    "truncation experiment, %s, tBPTT %d (%.2f min)",
                    Cell.parse(cell).displayName(), tbptt, minutes);
            Path runDir = dir.resolve(cell + "-tbptt-" + tbptt);
            rows.add(lanes.add(
                    minutes * 60,
                    progress.step(
                            what, minutes * 60, () -> train(cell, hidden, window, tbptt, minutes, extraArgs, runDir))));
        }
        return () -> new Result(
                Cell.parse(cell).displayName(),
                dataset,
                hidden,
                window,
                minutes,
                rows.stream().map(SideBySide.Pending::get).toList());
    }

    private static Row train(
            String cell, int hidden, int window, int tbptt, double minutes, List<String> extraArgs, Path out) {
        List<String> args = new ArrayList<>(List.of(
                "train",
                "--cell",
                cell,
                "--tbptt",
                String.valueOf(Math.min(tbptt, window)),
                "--seq-length",
                String.valueOf(window),
                "--hidden",
                String.valueOf(hidden),
                "--max-minutes",
                String.valueOf(minutes),
                "--epochs",
                "100000",
                "--validate-every",
                "8",
                "--sample-length",
                "0",
                "--progress",
                "off",
                "--out",
                out.toString()));
        args.addAll(extraArgs);
        RunResult run = CharLmMain.run(args.toArray(String[]::new));
        List<CurvePoint> curve = CurveCsv.read(out.resolve("curve.csv"));
        return new Row(
                tbptt,
                run.metric("nll"),
                run.throughput().value(),
                run.epochs(),
                ((Number) run.metrics().getOrDefault("iterations", 0)).longValue(),
                curve.stream().mapToDouble(CurvePoint::seconds).toArray(),
                curve.stream().mapToDouble(CurvePoint::validationLoss).toArray());
    }
}
