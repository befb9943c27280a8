package org.seqtasks.compare;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.seqtasks.model.Cell;
import org.seqtasks.report.LineChart;
import org.seqtasks.report.ReportDocument;
import org.seqtasks.train.CurvePoint;

/**
 * Turns {@link CompareResults} into the report a student reads: {@code index.html} (offline, PNGs beside
 * it), {@code report.md} and the charts. Every sentence that states a result is generated from the
 * numbers in the results (the experiments' {@code reading()}s, {@link TaskResult#verdict()}).
 */
public final class ComparisonReport {
    /** One colour per cell on every chart: SimpleRnn blue, LSTM red (and for the activations of experiment 4). */
    static final Color RNN_COLOUR = new Color(31, 119, 180);

    static final Color LSTM_COLOUR = new Color(214, 39, 40);

    static final Color GRU_COLOUR = new Color(0x2c, 0xa0, 0x2c);

    private final CompareResults results;
    private final Path dir;
    private final ReportDocument doc = new ReportDocument("SimpleRnn vs LSTM vs GRU: seqtasks comparison report");

    private ComparisonReport(CompareResults results, Path dir) {
        this.results = results;
        this.dir = dir;
    }

    /** Writes index.html, report.md and the PNGs into {@code dir} (which must exist). */
    public static void write(CompareResults results, Path dir) {
        ComparisonReport r = new ComparisonReport(results, dir);
        r.build();
        r.doc.writeHtml(dir.resolve("index.html"));
        r.doc.writeMarkdown(dir.resolve("report.md"));
    }

    private void build() {
        doc.paragraph(Readings.f(
                "Mode %s, seeds %s, %s, made %s in %.1f minutes. Both cells of a task get the same hidden size, data and"
                        + " training budget; figures with several seeds read mean ± standard deviation. Every figure is in results.json.",
                results.mode(), results.seeds(), results.machine(), results.createdAt(), results.totalSeconds() / 60));
        summary();
        for (TaskResult t : results.tasks()) {
            task(t);
        }
        if (results.gradientFlow() != null) {
            gradientFlow(results.gradientFlow());
        }
        if (results.recall() != null) {
            recall(results.recall());
        }
        if (results.truncation() != null) {
            truncation(results.truncation());
        }
        if (results.nonLinearity() != null) {
            nonLinearity(results.nonLinearity());
        }
        if (results.units() != null) {
            units(results.units());
        }
    }

    private void summary() {
        doc.heading(2, "Summary");
        List<String> cells = new ArrayList<>();
        for (TaskResult t : results.tasks()) {
            for (TaskResult.CellResult c : t.cells()) {
                if (!cells.contains(c.cell())) {
                    cells.add(c.cell());
                }
            }
        }
        List<List<String>> rows = new ArrayList<>();
        for (TaskResult t : results.tasks()) {
            List<String> row = new ArrayList<>(List.of(t.task(), t.dataset()));
            if (t.error() != null) {
                row.add("did not run");
                cells.forEach(c -> row.add(""));
                row.add(t.error());
                row.add("");
                rows.add(row);
                continue;
            }
            row.add(t.metric().label());
            TaskResult.CellResult best = null;
            List<String> params = new ArrayList<>();
            for (String name : cells) {
                TaskResult.CellResult c = t.cell(name);
                row.add(c == null ? "" : c.metric().format(t.metric().format()));
                if (c != null) {
                    params.add(Readings.f("%,d", c.params()));
                    double m = c.metric().mean();
                    if (best == null
                            || (t.metric().higherIsBetter()
                                    ? m > best.metric().mean()
                                    : m < best.metric().mean())) {
                        best = c;
                    }
                }
            }
            row.add(best == null ? "" : best.cell());
            row.add(String.join(" / ", params));
            rows.add(row);
        }
        List<String> headers = new ArrayList<>(List.of("task", "dataset", "metric"));
        headers.addAll(cells);
        headers.add("best");
        headers.add("parameters (" + String.join(" / ", cells) + ")");
        doc.table(headers, rows);
    }

    private void task(TaskResult t) {
        doc.heading(2, "Task: " + t.task());
        if (t.error() != null) {
            doc.paragraph("This task did not run: " + t.error());
            return;
        }
        doc.paragraph(Readings.f(
                "Dataset %s, %d hidden units per layer for every cell, training arguments: %s.",
                t.dataset(), t.hidden(), t.budget()));
        List<List<String>> rows = new ArrayList<>();
        for (TaskResult.CellResult c : t.cells()) {
            rows.add(List.of(
                    c.cell(),
                    c.metric().format(t.metric().format()),
                    c.loss().format(t.loss().format()),
                    Readings.f("%,d", c.params()),
                    c.epochs().format("%.2f"),
                    c.trainSeconds().format("%.1f"),
                    c.throughput().format("%,.0f")));
        }
        doc.table(
                List.of(
                        "cell",
                        t.metric().label()
                                + (t.metric().higherIsBetter() ? " (higher is better)" : " (lower is better)"),
                        t.loss().label(),
                        "parameters",
                        "epochs",
                        "train seconds",
                        "throughput (" + t.throughputUnit() + ")"),
                rows);
        doc.paragraph(t.verdict());
        String equalUpdates = t.equalUpdatesReading();
        if (!equalUpdates.isEmpty()) {
            doc.paragraph(equalUpdates);
        }
        LineChart chart = new LineChart(t.task() + ": learning curves (first seed)", "epoch", "loss");
        for (TaskResult.CellResult c : t.cells()) {
            List<CurvePoint> curve = c.runs().get(0).curve();
            double[] x = curve.stream().mapToDouble(CurvePoint::epoch).toArray();
            chart.add(LineChart.Series.solid(
                            c.cell() + " train",
                            x,
                            curve.stream().mapToDouble(CurvePoint::trainLoss).toArray())
                    .withColor(colour(c.cell())));
            chart.add(LineChart.Series.dashed(
                            c.cell() + " validation",
                            x,
                            curve.stream()
                                    .mapToDouble(CurvePoint::validationLoss)
                                    .toArray())
                    .withColor(colour(c.cell())));
        }
        String png = t.task() + "-curves.png";
        if (chart.write(dir.resolve(png))) {
            doc.image(
                    png,
                    t.task()
                            + ": training (solid) and validation (dashed) loss per epoch (equal epochs are equal updates), every cell,"
                            + " first seed. The training loss is the last minibatch's, so it is noisier than the validation loss.");
        }
        LineChart perSecond =
                new LineChart(t.task() + ": validation loss against training time (first seed)", "seconds", "loss");
        for (TaskResult.CellResult c : t.cells()) {
            List<CurvePoint> curve = c.runs().get(0).curve();
            perSecond.add(LineChart.Series.solid(
                            c.cell(),
                            curve.stream().mapToDouble(CurvePoint::seconds).toArray(),
                            curve.stream()
                                    .mapToDouble(CurvePoint::validationLoss)
                                    .toArray())
                    .withColor(colour(c.cell())));
        }
        String timePng = t.task() + "-curves-by-time.png";
        if (perSecond.write(dir.resolve(timePng))) {
            doc.image(
                    timePng,
                    t.task()
                            + ": validation loss against seconds of training, every cell: what each cell learns per second,"
                            + " where the chart above shows what it learns per update.");
        }
        TaskResult.Examples e = t.examples();
        if (e != null && !e.rows().isEmpty()) {
            doc.heading(3, t.task() + ": examples");
            doc.paragraph(e.caption());
            doc.table(e.headers(), e.rows());
        } else if (e != null && !e.caption().isEmpty()) {
            doc.paragraph(e.caption());
        }
        if (e != null) {
            for (String image : e.images()) {
                doc.image(image, image);
            }
        }
    }

    private void gradientFlow(GradientFlowExperiment.Result r) {
        doc.heading(2, "Experiment 1: gradient flow through time");
        doc.paragraph(Readings.f(
                "A one-layer network of %d units reads %d steps of %d Gaussian inputs (batch %d); the loss sits on the last"
                        + " step only. The chart shows the mean norm of dL/dx_t, the gradient reaching each input, against its distance from the loss,"
                        + " with the recurrent weights set to a scale times random orthogonal matrices (spectral radius = the scale).",
                r.hidden(), r.steps(), r.inputs(), r.batch()));
        LineChart chart = new LineChart(
                        "Gradient reaching each input, loss on the last step",
                        "steps back from the loss",
                        "mean ||dL/dx_t||")
                .logY();
        for (GradientFlowExperiment.Curve c : r.curves()) {
            double[] x = new double[c.norms().length];
            for (int i = 0; i < x.length; i++) {
                x[i] = i;
            }
            String name = c.cell() + ", scale " + c.scale();
            // darker = larger scale, in the cell's colour
            double maxScale = r.curves().stream()
                    .mapToDouble(GradientFlowExperiment.Curve::scale)
                    .max()
                    .orElse(1);
            Color shade = shade(colour(c.cell()), c.scale() / maxScale);
            chart.add((c.cell().equals("LSTM")
                            ? LineChart.Series.dashed(name, x, c.norms())
                            : LineChart.Series.solid(name, x, c.norms()))
                    .withColor(shade));
        }
        image(
                chart,
                "gradient-flow.png",
                "Gradient norm against distance from the loss, log scale (SimpleRnn solid, LSTM dashed)."
                        + " Points that underflow to zero are not drawn.");
        List<List<String>> rows = new ArrayList<>();
        int[] distances = IntStream.of(0, 5, 10, 20, 40, r.steps() - 1)
                .filter(d -> d < r.steps())
                .distinct()
                .sorted()
                .toArray();
        for (GradientFlowExperiment.Curve c : r.curves()) {
            List<String> row = new ArrayList<>(List.of(c.cell(), String.valueOf(c.scale())));
            for (int d : distances) {
                row.add(d < c.norms().length ? Readings.f("%.2e", c.norms()[d]) : "");
            }
            rows.add(row);
        }
        List<String> headers = new ArrayList<>(List.of("cell", "scale"));
        for (int d : distances) {
            headers.add(d + " steps back");
        }
        doc.table(headers, rows);
        doc.paragraph(r.reading());
    }

    private void recall(LongTermDependencyExperiment.Result r) {
        doc.heading(2, "Experiment 2: long-term dependency");
        var s = r.setup();
        doc.paragraph(Readings.f(
                "Each sequence starts with one of %d key symbols, followed by k-1 distractors drawn from %d others; at the"
                        + " last step the network must name the key. Fresh networks of %d units per cell and lag, Adam %s, %d minibatches of %d,"
                        + " scored on %d new sequences.",
                s.symbols(), s.distractors(), s.hidden(), s.learningRate(), s.iterations(), s.batch(), s.testSize()));
        LineChart chart =
                new LineChart("Recall the first symbol after k steps", "k (sequence length)", "test accuracy");
        double[] lags = Arrays.stream(s.lags()).asDoubleStream().toArray();
        for (LongTermDependencyExperiment.CellCurve c : r.cells()) {
            chart.add(LineChart.Series.solid(c.cell(), lags, c.accuracy()).withColor(colour(c.cell())));
        }
        double[] chance = new double[lags.length];
        Arrays.fill(chance, r.chance());
        chart.add(LineChart.Series.dashed("chance", lags, chance).withColor(Color.GRAY));
        image(chart, "recall.png", "Test accuracy against the lag k, both cells, with chance level dashed.");
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < s.lags().length; i++) {
            List<String> row = new ArrayList<>(List.of(String.valueOf(s.lags()[i])));
            for (LongTermDependencyExperiment.CellCurve c : r.cells()) {
                row.add(Readings.percent(c.accuracy()[i]));
            }
            rows.add(row);
        }
        List<String> headers = new ArrayList<>(List.of("k"));
        r.cells().forEach(c -> headers.add(c.cell() + " (" + Readings.f("%,d", c.params()) + " parameters)"));
        doc.table(headers, rows);
        doc.paragraph(r.reading());
    }

    private void truncation(List<TruncationExperiment.Result> results) {
        doc.heading(2, "Experiment 3: truncation length");
        if (results.isEmpty()) {
            doc.paragraph("No cell was run.");
            return;
        }
        TruncationExperiment.Result first = results.get(0);
        doc.paragraph(Readings.f(
                "The char-LM of each cell (%d units per layer) on %s, windows of %d characters, trained with several"
                        + " truncated-BPTT segment lengths, each for %.2f minutes of wall clock.",
                first.hidden(), first.dataset(), first.window(), first.minutes()));
        for (TruncationExperiment.Result r : results) {
            doc.heading(3, r.cell());
            LineChart chart = new LineChart(
                    r.cell() + ": validation loss over training time, by tBPTT length",
                    "seconds of training",
                    "validation nats/char");
            for (TruncationExperiment.Row row : r.rows()) {
                chart.add(LineChart.Series.solid(
                        row.tbptt() >= r.window() ? "full BPTT" : "tBPTT " + row.tbptt(),
                        row.seconds(),
                        row.validation()));
            }
            image(
                    chart,
                    "truncation-" + Cell.parse(r.cell()).id() + ".png",
                    "Validation loss against elapsed training time, one line per truncation length.");
            List<List<String>> rows = new ArrayList<>();
            for (TruncationExperiment.Row row : r.rows()) {
                rows.add(List.of(
                        row.tbptt() >= r.window() ? "full (" + r.window() + ")" : String.valueOf(row.tbptt()),
                        Readings.f("%.4f", row.validationNll()),
                        Readings.f("%,.0f", row.charsPerSecond()),
                        String.valueOf(row.iterations()),
                        Readings.f("%.2f", row.epochs())));
            }
            doc.table(List.of("tBPTT length", "validation nats/char", "chars/s", "updates", "epochs"), rows);
            doc.paragraph(r.reading());
        }
        String across = TruncationExperiment.acrossCells(results);
        if (!across.isEmpty()) {
            doc.paragraph(across);
        }
    }

    private void nonLinearity(NonLinearityExperiment.Result r) {
        doc.heading(2, "Experiment 4: why non-linear");
        var s = r.setup();
        doc.paragraph(Readings.f(
                "The same %d-layer SimpleRnn (%d units per layer) with the identity activation and with tanh. The collapse"
                        + " check probes each network (random weights) with the zero sequence and every unit impulse over %d steps, which gives the"
                        + " offset c and the matrix M of the one affine map an identity network must be, then compares f(x) with c + Mx on random"
                        + " sequences. Then both are trained on the XOR of the first and last of %d bits (%d minibatches of %d).",
                s.layers(), s.hidden(), s.collapseSteps(), s.xorLength(), s.iterations(), s.batch()));
        List<List<String>> rows = new ArrayList<>();
        for (NonLinearityExperiment.Arm a : r.arms()) {
            rows.add(List.of(
                    a.activation(),
                    Readings.f("%.2e", a.affineError()),
                    Readings.f("%.2e", a.superpositionError()),
                    Readings.percent(a.xorAccuracy())));
        }
        doc.table(
                List.of(
                        "activation",
                        "max |f(x) - (c + Mx)| (relative)",
                        "max |f(a+b) - f(a) - f(b) + f(0)| (relative)",
                        "XOR test accuracy"),
                rows);
        LineChart chart = new LineChart("XOR of the first and last bit: training loss", "minibatches", "cross-entropy");
        for (NonLinearityExperiment.Arm a : r.arms()) {
            chart.add(LineChart.Series.solid(a.activation(), a.curveIterations(), a.lossCurve())
                    .withColor(a.activation().equals("tanh") ? LSTM_COLOUR : RNN_COLOUR));
        }
        image(
                chart,
                "nonlinearity.png",
                "Training loss of the identity and tanh networks on the XOR task (ln 2 = 0.693 is guessing).");
        doc.paragraph(r.reading());
    }

    private void units(InterpretableUnitsExperiment.Result r) {
        doc.heading(2, "Experiment 5: interpretable cells");
        doc.paragraph(Readings.f(
                "The %s char-LM of the charlm comparison (%s) reads %d held-out characters in one pass. For each property of"
                        + " the characters, the unit whose activation correlates best with it (Pearson r), and the same search on an untrained copy"
                        + " of the network as a control.",
                r.cell(), r.model(), r.characters()));
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < r.findings().size(); i++) {
            var f = r.findings().get(i);
            rows.add(List.of(
                    f.property(),
                    String.valueOf(f.layer() + 1),
                    String.valueOf(f.unit()),
                    Readings.f("%+.3f", f.correlation()),
                    Readings.f("%.3f", r.untrained()[i])));
        }
        doc.table(List.of("property", "layer", "unit", "r (trained)", "best |r| untrained"), rows);
        for (InterpretableUnitsExperiment.Rendering rendering : r.renderings()) {
            String title = Readings.f(
                    "Unit %d of layer %d, which tracks '%s' (r = %+.2f): red = positive activation, blue = negative",
                    rendering.unit(), rendering.layer() + 1, rendering.property(), rendering.correlation());
            doc.heading(
                    3,
                    Readings.f(
                            "Unit %d of layer %d: %s", rendering.unit(), rendering.layer() + 1, rendering.property()));
            doc.rawHtml(
                    "<p>" + ReportDocument.escape(title) + "</p>\n"
                            + colouredText(rendering.text(), rendering.activation()),
                    title + " (the coloured text is in index.html):\n\n```\n"
                            + rendering.text().replace("```", "` ` `") + "\n```");
        }
        doc.paragraph(r.reading());
    }

    /** The text with each character's background coloured by the unit's activation, scaled to the window's largest magnitude. */
    static String colouredText(String text, double[] activation) {
        double max = 1e-9;
        for (double a : activation) {
            max = Math.max(max, Math.abs(a));
        }
        StringBuilder b = new StringBuilder("<pre style=\"line-height:1.6;background:#fff;border:1px solid #ddd\">");
        for (int i = 0; i < text.length(); i++) {
            double v = activation[i] / max;
            // at most 65% saturation, so black text stays readable on the strongest colour
            int fade = (int) Math.round(255 - 165 * Math.min(1, Math.abs(v)));
            String colour = v >= 0
                    ? String.format(Locale.ROOT, "rgb(255,%d,%d)", fade, fade)
                    : String.format(Locale.ROOT, "rgb(%d,%d,255)", fade, fade);
            char c = text.charAt(i);
            if (c == '\n') {
                b.append("<span style=\"background:").append(colour).append("\">\u21b5</span>\n");
            } else {
                b.append("<span style=\"background:")
                        .append(colour)
                        .append("\" title=\"")
                        .append(String.format(Locale.ROOT, "%.2f", activation[i]))
                        .append("\">")
                        .append(ReportDocument.escape(String.valueOf(c)))
                        .append("</span>");
            }
        }
        return b.append("</pre>").toString();
    }

    static Color colour(String cell) {
        return switch (cell) {
            case "LSTM" -> LSTM_COLOUR;
            case "GRU" -> GRU_COLOUR;
            default -> RNN_COLOUR;
        };
    }

    /** {@code base} faded towards white for small {@code strength} (0..1). */
    static Color shade(Color base, double strength) {
        double keep = 0.35 + 0.65 * Math.max(0, Math.min(1, strength));
        return new Color(
                (int) Math.round(255 - (255 - base.getRed()) * keep),
                (int) Math.round(255 - (255 - base.getGreen()) * keep),
                (int) Math.round(255 - (255 - base.getBlue()) * keep));
    }

    private void image(LineChart chart, String png, String caption) {
        if (chart.write(dir.resolve(png))) {
            doc.image(png, caption);
        }
    }
}
