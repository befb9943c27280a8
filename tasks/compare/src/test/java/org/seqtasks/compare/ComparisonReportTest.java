package org.seqtasks.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqtasks.train.CurvePoint;

/** The report from a fixed results object: its files, its sections, and readings that follow the numbers. */
class ComparisonReportTest {
    @TempDir
    Path dir;

    static CompareResults fixedResults() {
        List<CurvePoint> rnnCurve = List.of(
                new CurvePoint(10, 1, 2, 3.0, 2.9, 1000),
                new CurvePoint(20, 2, 4, 2.5, 2.6, 1000),
                new CurvePoint(30, 3, 6, 2.2, 2.4, 1000));
        List<CurvePoint> lstmCurve = List.of(
                new CurvePoint(10, 1, 2, 3.1, 3.0, 400),
                new CurvePoint(20, 2, 4, 2.4, 2.5, 400),
                new CurvePoint(30, 3, 6, 2.0, 2.2, 400));
        TaskResult charlm = new TaskResult(
                "charlm",
                "default",
                64,
                "--max-minutes 0.5",
                new TaskResult.Measure("bitsPerChar", "validation bits per character", false, "%.3f"),
                new TaskResult.Measure("nll", "validation nats per character", false, "%.4f"),
                "chars/s",
                List.of(
                        new TaskResult.CellResult(
                                "SimpleRnn",
                                10_000,
                                List.of(
                                        new TaskResult.SeedRun(42, 3.46, 2.40, 3, 30, 1000, rnnCurve),
                                        new TaskResult.SeedRun(43, 3.50, 2.43, 3, 31, 990, rnnCurve))),
                        new TaskResult.CellResult(
                                "LSTM",
                                40_000,
                                List.of(
                                        new TaskResult.SeedRun(42, 3.17, 2.20, 3, 30, 400, lstmCurve),
                                        new TaskResult.SeedRun(43, 3.20, 2.22, 3, 30, 410, lstmCurve)))),
                new TaskResult.Examples(
                        "samples",
                        List.of("cell", "sample"),
                        List.of(List.of("SimpleRnn", "KEEPER: <the> light"), List.of("LSTM", "APPRENTICE: the book")),
                        List.of()),
                null);
        TaskResult missing =
                TaskResult.failed("timeseries", "goog-stock", "--epochs 500", "goog-stock: file not found (offline)");
        GradientFlowExperiment.Result gradient = new GradientFlowExperiment.Result(
                4,
                8,
                3,
                2,
                List.of(
                        new GradientFlowExperiment.Curve("SimpleRnn", 0.2, new double[] {1, 1e-2, 1e-4, 1e-6}),
                        new GradientFlowExperiment.Curve("SimpleRnn", 3, new double[] {1, 5, 25, 125}),
                        new GradientFlowExperiment.Curve("LSTM", 0.2, new double[] {1, 0.5, 0.3, 0.2}),
                        new GradientFlowExperiment.Curve("LSTM", 3, new double[] {1, 0.9, 0.8, 0.7})));
        LongTermDependencyExperiment.Result recall = new LongTermDependencyExperiment.Result(
                new LongTermDependencyExperiment.Setup(new int[] {2, 5, 10, 20}, 4, 4, 16, 100, 32, 0.01, 400),
                0.25,
                List.of(
                        new LongTermDependencyExperiment.CellCurve(
                                "SimpleRnn", 500, new double[] {1.0, 0.9, 0.26, 0.24}, 5),
                        new LongTermDependencyExperiment.CellCurve(
                                "LSTM", 2000, new double[] {1.0, 1.0, 0.98, 0.95}, 9)));
        TruncationExperiment.Result truncation = new TruncationExperiment.Result(
                "LSTM",
                "default",
                64,
                100,
                0.25,
                List.of(
                        new TruncationExperiment.Row(
                                10, 2.1, 3000, 2, 80, new double[] {5, 10, 15}, new double[] {2.8, 2.4, 2.1}),
                        new TruncationExperiment.Row(
                                100, 2.5, 2500, 1.6, 8, new double[] {5, 10, 15}, new double[] {3.0, 2.8, 2.5})));
        // The SimpleRnn: its short segments cost it 0.4 nats/char against full BPTT
        TruncationExperiment.Result truncationRnn = new TruncationExperiment.Result(
                "SimpleRnn",
                "default",
                64,
                100,
                0.25,
                List.of(
                        new TruncationExperiment.Row(
                                10, 2.9, 9000, 6, 240, new double[] {5, 10, 15}, new double[] {3.1, 3.0, 2.9}),
                        new TruncationExperiment.Row(
                                100, 2.5, 8500, 5.5, 24, new double[] {5, 10, 15}, new double[] {3.0, 2.7, 2.5})));
        NonLinearityExperiment.Result nonLinear = new NonLinearityExperiment.Result(
                new NonLinearityExperiment.Setup(2, 8, 5, 5, 200, 32, 0.01, 500),
                List.of(
                        new NonLinearityExperiment.Arm(
                                "identity", 2e-16, 3e-16, 0.5, new double[] {1, 2}, new double[] {0.7, 0.69}),
                        new NonLinearityExperiment.Arm(
                                "tanh", 0.8, 0.5, 0.99, new double[] {1, 2}, new double[] {0.7, 0.1})));
        InterpretableUnitsExperiment.Result units = new InterpretableUnitsExperiment.Result(
                "LSTM",
                "model.zip",
                2,
                64,
                500,
                List.of(
                        new UnitCorrelations.Finding("inside quotes", 1, 17, 0.81),
                        new UnitCorrelations.Finding("position in line", 0, 3, -0.4)),
                new double[] {0.2, 0.35},
                List.of(new InterpretableUnitsExperiment.Rendering(
                        "inside quotes", 1, 17, 0.81, "say \"hi\" <now>\n", new double[] {
                            -0.5, -0.5, -0.5, -0.5, 0.9, 0.9, 0.9, 0.9, -0.2, -0.1, -0.1, -0.1, -0.1, -0.1, -0.1
                        })));
        return new CompareResults(
                "quick",
                "2026-11-23T10:00:00Z",
                List.of(42L, 43L),
                "2 cores, load average 1.0 at the start",
                300,
                List.of(charlm, missing),
                gradient,
                recall,
                List.of(truncationRnn, truncation),
                nonLinear,
                units);
    }

    @Test
    void writesHtmlMarkdownAndChartsWithEverySection() throws IOException {
        ComparisonReport.write(fixedResults(), dir);
        String html = Files.readString(dir.resolve("index.html"));
        String md = Files.readString(dir.resolve("report.md"));
        for (String section : List.of(
                "Summary",
                "Task: charlm",
                "Task: timeseries",
                "Experiment 1: gradient flow through time",
                "Experiment 2: long-term dependency",
                "Experiment 3: truncation length",
                "Experiment 4: why non-linear",
                "Experiment 5: interpretable cells")) {
            assertTrue(html.contains(">" + section + "</h2>"), "html lacks " + section);
            assertTrue(md.contains("## " + section), "markdown lacks " + section);
        }
        for (String png : List.of(
                "charlm-curves.png",
                "gradient-flow.png",
                "recall.png",
                "truncation-rnn.png",
                "truncation-lstm.png",
                "nonlinearity.png")) {
            assertTrue(html.contains("src=\"" + png + "\""), "html does not show " + png);
            assertTrue(md.contains("](" + png + ")"), "markdown does not show " + png);
            var image = ImageIO.read(dir.resolve(png).toFile());
            assertTrue(image.getWidth() > 300 && image.getHeight() > 200, png + " is not a chart");
        }
        // mean ± std over the two seeds, the failed task's reason, escaped example text
        assertTrue(html.contains("3.480 ± 0.028"), "mean ± std of bits/char");
        assertTrue(html.contains("goog-stock: file not found (offline)"));
        assertTrue(html.contains("KEEPER: &lt;the&gt; light"));
        assertTrue(html.contains("<span style=\"background:rgb(255,"), "coloured text of the unit");
        assertTrue(md.contains("(the coloured text is in index.html)"));
        assertTrue(!html.contains("<script"), "the page must open offline, without scripts");
    }

    @Test
    void readingsFollowTheNumbers() {
        CompareResults r = fixedResults();
        assertTrue(
                r.recall()
                        .reading()
                        .contains("SimpleRnn loses the symbol from k=10 while the LSTM still recalls it at k=20"),
                r.recall().reading());
        assertTrue(
                r.gradientFlow().reading().contains("SimpleRnn at scale 0.2 falls to 10^-6.0"),
                r.gradientFlow().reading());
        assertTrue(
                r.gradientFlow().reading().contains("explodes (10^+2.1 over 3 steps)"),
                r.gradientFlow().reading());
        assertTrue(
                r.truncation().get(1).reading().contains("shorter segments won"),
                r.truncation().get(1).reading());
        String across = TruncationExperiment.acrossCells(r.truncation());
        assertTrue(
                across.contains("SimpleRnn +0.400, LSTM +0.000")
                        && across.endsWith("SimpleRnn lost most from short segments."),
                across);
        assertTrue(
                r.nonLinearity().reading().contains("no weights make a linear map compute XOR"),
                r.nonLinearity().reading());
        assertTrue(
                r.units().reading().contains("'inside quotes' (r = +0.81)"),
                r.units().reading());
        assertTrue(
                r.tasks()
                        .get(0)
                        .verdict()
                        .startsWith("On validation bits per character the LSTM is better: 3.185 against 3.480"),
                r.tasks().get(0).verdict());

        // the same numbers the other way round give the other reading
        var flipped = new LongTermDependencyExperiment.Result(
                r.recall().setup(),
                0.25,
                List.of(
                        new LongTermDependencyExperiment.CellCurve(
                                "SimpleRnn", 500, new double[] {1.0, 1.0, 0.97, 0.96}, 5),
                        new LongTermDependencyExperiment.CellCurve(
                                "LSTM", 2000, new double[] {1.0, 0.9, 0.26, 0.24}, 9)));
        assertTrue(flipped.reading().contains("the LSTM does not outlast the SimpleRnn"), flipped.reading());

        // neither at chance, but the SimpleRnn drops first: the reading says where
        var apart = new LongTermDependencyExperiment.Result(
                r.recall().setup(),
                0.25,
                List.of(
                        new LongTermDependencyExperiment.CellCurve(
                                "SimpleRnn", 500, new double[] {1.0, 1.0, 0.97, 0.54}, 5),
                        new LongTermDependencyExperiment.CellCurve(
                                "LSTM", 2000, new double[] {1.0, 1.0, 1.0, 1.0}, 9)));
        assertTrue(
                apart.reading()
                        .contains(
                                "The SimpleRnn falls below 90% from k=20 while the LSTM stays at or above 90% up to k=20"),
                apart.reading());
        // both at chance at the longest lag, the SimpleRnn gone first: still the lecture's gap, and the shared limit
        // said
        var bothLost = new LongTermDependencyExperiment.Result(
                r.recall().setup(),
                0.25,
                List.of(
                        new LongTermDependencyExperiment.CellCurve(
                                "SimpleRnn", 500, new double[] {1.0, 1.0, 0.54, 0.25}, 5),
                        new LongTermDependencyExperiment.CellCurve(
                                "LSTM", 2000, new double[] {1.0, 1.0, 1.0, 0.24}, 9)));
        assertTrue(
                bothLost.reading()
                                .contains("The SimpleRnn falls below 90% from k=10 while the LSTM holds 90% up to k=10")
                        && bothLost.reading().contains("From k=20 both are at chance"),
                bothLost.reading());

        // a fresh network per lag can fail at one lag and succeed at a longer one: said, not called "above chance"
        var patchy = new LongTermDependencyExperiment.Result(
                r.recall().setup(),
                0.25,
                List.of(
                        new LongTermDependencyExperiment.CellCurve(
                                "SimpleRnn", 500, new double[] {1.0, 1.0, 0.25, 1.0}, 5),
                        new LongTermDependencyExperiment.CellCurve(
                                "LSTM", 2000, new double[] {1.0, 1.0, 1.0, 1.0}, 9)));
        assertTrue(
                patchy.reading().contains("SimpleRnn: 100.0% at k=")
                        && patchy.reading().contains("it is at chance at k=10 but above it at a longer lag"),
                patchy.reading());

        // a gradient that underflows to zero still gets a per-step factor from its last non-zero point
        var underflow = new GradientFlowExperiment.Curve("SimpleRnn", 0.2, new double[] {1, 1e-2, 1e-4, 0});
        assertEquals(0.01, underflow.perStep(), 1e-12);
    }

    @Test
    void resultsJsonRoundTripsToTheSameReport() throws IOException {
        CompareResults r = fixedResults();
        r.write(dir.resolve("results.json"));
        CompareResults back = CompareResults.read(dir.resolve("results.json"));
        Path first = Files.createDirectories(dir.resolve("a"));
        Path second = Files.createDirectories(dir.resolve("b"));
        ComparisonReport.write(r, first);
        ComparisonReport.write(back, second);
        assertEquals(Files.readString(first.resolve("report.md")), Files.readString(second.resolve("report.md")));
    }
}
