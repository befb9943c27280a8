package org.seqtasks.timeseries;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqtasks.UserFacingException;
import org.seqtasks.data.Json;
import org.seqtasks.model.Cell;
import org.seqtasks.model.RnnConfig;
import org.seqtasks.report.RunResult;

class TimeseriesMainTest {
    @TempDir
    Path dir;

    private RunResult train(Path csv, Path out, String cell, int iterations) {
        return TimeseriesMain.run(
                "train",
                "--input",
                csv.toString(),
                "--cell",
                cell,
                "--epochs",
                String.valueOf(iterations),
                "--print-every",
                "10",
                "--out",
                out.toString(),
                "--progress",
                "off");
    }

    @Test
    void trainWritesTheContractFilesAndEvalReproducesTheTestFigures() throws Exception {
        Path csv = SyntheticPrices.write(dir.resolve("prices.csv"), SyntheticPrices.rows(120));
        Path out = dir.resolve("run");
        RunResult r = train(csv, out, "lstm", 30);
        for (String f : new String[] {
            "model.zip", "metrics.json", "curve.csv", "curve.png", "predictions.csv", "predictions.png"
        }) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        JsonNode json = Json.MAPPER.readTree(Files.readString(out.resolve("metrics.json"), StandardCharsets.UTF_8));
        assertEquals("timeseries", json.get("task").asText());
        assertEquals("lstm", json.get("cell").asText());
        assertEquals("prices.csv", json.get("dataset").asText());
        assertEquals("test", json.get("split").asText());
        for (String key :
                new String[] {"rmse", "mae", "naiveRmse", "naiveMae", "trainMse", "testMse", "labScalingRmse"}) {
            assertTrue(json.get("metrics").get(key).asDouble() > 0, key);
        }
        assertEquals(84 - 7, r.metric("trainWindows"), 0.0);
        assertEquals(36, r.metric("testDays"), 0.0);
        assertEquals(30, r.metric("iterations"), 0.0);
        assertEquals(4, Files.readAllLines(out.resolve("curve.csv")).size(), "header + iterations 10, 20, 30");
        assertEquals(37, Files.readAllLines(out.resolve("predictions.csv")).size(), "header + one line per test day");

        RunResult eval = TimeseriesMain.run(
                "eval",
                "--model",
                out.resolve("model.zip").toString(),
                "--input",
                csv.toString(),
                "--out",
                dir.resolve("eval").toString());
        assertEquals(r.metric("rmse"), eval.metric("rmse"), 1e-9);
        assertEquals(r.metric("naiveMae"), eval.metric("naiveMae"), 1e-9);
        assertTrue(Files.isRegularFile(dir.resolve("eval/metrics.json")));
    }

    @Test
    void theSavedScalerIsFittedOnTrainingDaysOnly() {
        List<double[]> rows = SyntheticPrices.rows(120);
        RunResult a = train(SyntheticPrices.write(dir.resolve("a.csv"), rows), dir.resolve("a"), "rnn", 2);
        rows.set(119, new double[] {900, 901, 899, 99999, 900});
        RunResult b = train(SyntheticPrices.write(dir.resolve("b.csv"), rows), dir.resolve("b"), "rnn", 2);
        MinMaxScaler sa = TimeseriesModel.load(a.model()).spec().scaler();
        MinMaxScaler sb = TimeseriesModel.load(b.model()).spec().scaler();
        assertArrayEquals(sa.max(), sb.max(), 0.0, "a changed test day must not move the scaler");
        assertArrayEquals(sa.min(), sb.min(), 0.0);
        assertTrue(b.metric("labScalingRmse") != a.metric("labScalingRmse"), "the lab's own test scaler does see it");
    }

    @Test
    void saveAndLoadGiveTheSamePredictions() {
        List<double[]> rows = SyntheticPrices.rows(60);
        DailyPrices prices = new DailyPrices("s", rows);
        for (Cell cell : Cell.values()) {
            TimeseriesModel m = TimeseriesModel.create(
                    RnnConfig.of(cell, 5).hidden(6).layers(2).learningRate(0.01),
                    5,
                    MinMaxScaler.fit(prices.trainRows()),
                    "s");
            PriceWindows train = m.windows(prices.trainRows());
            for (int i = 0; i < 5; i++) {
                m.network().fit(train.dataSet());
            }
            Path file = dir.resolve(cell.id() + ".zip");
            m.save(file);
            TimeseriesModel back = TimeseriesModel.load(file);
            assertEquals(m.spec().rnn(), back.spec().rnn());
            assertEquals(m.spec().window(), back.spec().window());
            PriceWindows test = back.windows(prices.testRows(5));
            assertArrayEquals(m.predict(test), back.predict(test), 0.0);
        }
    }

    @Test
    void mistakesAreOneLineErrors() throws Exception {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "# header\r\n10,11,9,100,10.5\r\n10,11,9,lots,10.5\r\n");
        UserFacingException e = assertThrows(
                UserFacingException.class,
                () -> TimeseriesMain.run(
                        "train",
                        "--input",
                        bad.toString(),
                        "--out",
                        dir.resolve("x").toString()));
        assertEquals(bad + ":3: Volume 'lots' is not a number", e.getMessage());
        e = assertThrows(UserFacingException.class, () -> TimeseriesMain.run("train", "--dataset", "nosuch"));
        assertTrue(e.getMessage().startsWith("timeseries has no dataset 'nosuch'"), e.getMessage());
        e = assertThrows(
                UserFacingException.class,
                () -> TimeseriesMain.run("train", "--dataset", "goog-stock", "--batch", "32"));
        assertTrue(e.getMessage().contains("--batch"), e.getMessage());
        e = assertThrows(UserFacingException.class, () -> TimeseriesMain.run("train", "--window", "5"));
        assertTrue(e.getMessage().startsWith("--window and --print-every are the stock lab's"), e.getMessage());
        // usage errors found by the CLI's one validation pass (OptionRules), before any data is read: exit 2
        var usage = assertThrows(
                picocli.CommandLine.ParameterException.class, () -> TimeseriesMain.run("train", "--cv", "--fold", "2"));
        assertEquals("Error: --cv and --fold are mutually exclusive: give one", usage.getMessage());
        usage = assertThrows(
                picocli.CommandLine.ParameterException.class,
                () -> TimeseriesMain.run(
                        "train", "--fold", "10", "--out", dir.resolve("f").toString()));
        assertEquals("Invalid value for option '--fold': must be in [0, 9], got 10", usage.getMessage());
        e = assertThrows(
                UserFacingException.class, () -> TimeseriesMain.run("train", "--input", bad.toString(), "--cv"));
        assertTrue(e.getMessage().startsWith("--cv, --fold and --split-seed are for classification"), e.getMessage());
        e = assertThrows(
                UserFacingException.class,
                () -> TimeseriesMain.run(
                        "eval", "--model", dir.resolve("none.zip").toString()));
        assertTrue(e.getMessage().endsWith("none.zip: model file not found"), e.getMessage());
    }

    @Test
    void classificationIsTheDefaultAndEvalAndPredictReproduceIt() throws Exception {
        Path out = dir.resolve("cls");
        RunResult r = TimeseriesMain.run(
                "train",
                "--cell",
                "rnn",
                "--hidden",
                "6",
                "--epochs",
                "2",
                "--batch",
                "50",
                "--out",
                out.toString(),
                "--progress",
                "off");
        JsonNode json = Json.MAPPER.readTree(Files.readString(out.resolve("metrics.json"), StandardCharsets.UTF_8));
        assertEquals("timeseries", json.get("task").asText());
        assertEquals("rnn", json.get("cell").asText());
        assertEquals("synthetic-control-generated", json.get("dataset").asText());
        assertEquals("test", json.get("split").asText());
        assertEquals(r.params(), json.get("params").asLong());
        assertEquals("sequences/s", json.get("throughput").get("unit").asText());
        assertEquals(300, json.get("metrics").get("examples").asInt(), "the other half of the stratified split");
        for (String key : new String[] {"accuracy", "macroF1", "nll", "trainAccuracy"}) {
            assertTrue(json.get("metrics").has(key), key);
        }
        assertEquals(6, json.get("metrics").get("confusion").size());
        assertEquals(2, r.epochs(), 0.0);
        assertTrue(Files.isRegularFile(out.resolve("curve.png")));
        assertEquals(3, Files.readAllLines(out.resolve("curve.csv")).size(), "header + one validation per epoch");

        RunResult eval = TimeseriesMain.run(
                "eval",
                "--model",
                r.model().toString(),
                "--out",
                dir.resolve("cls-eval").toString());
        assertEquals(r.metric("accuracy"), eval.metric("accuracy"), 1e-12);
        assertEquals(r.metric("macroF1"), eval.metric("macroF1"), 1e-12);
        RunResult all = TimeseriesMain.run(
                "eval",
                "--model",
                r.model().toString(),
                "--split",
                "all",
                "--out",
                dir.resolve("all").toString());
        assertEquals(600, all.metric("examples"), 0.0);

        Path sample = SeriesFilesTest.sample(dir);
        RunResult p = TimeseriesMain.run("predict", "--model", r.model().toString(), "--input", sample.toString());
        List<String> lines = p.text().lines().toList();
        assertEquals(12, lines.size());
        assertTrue(lines.stream().allMatch(l -> ControlChartClass.NAMES.contains(l.split("\t")[0])), lines.toString());
        UserFacingException e = assertThrows(
                UserFacingException.class,
                () -> TimeseriesMain.run("eval", "--model", r.model().toString(), "--split", "dev"));
        assertTrue(e.getMessage().contains("'test'") && e.getMessage().contains("'all'"), e.getMessage());
    }

    @Test
    void aPriceFileTooShortForItsWindowsIsRefusedInOneLineNamingIt() throws Exception {
        // 10 days: the first 7 train, and 7 days of history leave no training window with a next day.
        Path csv = SyntheticPrices.write(dir.resolve("short.csv"), SyntheticPrices.rows(10));
        UserFacingException e =
                assertThrows(UserFacingException.class, () -> train(csv, dir.resolve("out"), "lstm", 5));
        assertTrue(e.getMessage().contains("short.csv: 10 days give 0 training and 3 test windows"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line");
    }

    @Test
    void anLstmLearnsTheSmallFileItTrainsOn() throws Exception {
        // 2 short series per class in the UCI layout, 1 per class on each side of the split: the 6 training series must
        // be learned exactly.
        Path file = dir.resolve("small.data");
        Files.writeString(file, SeriesFiles.format(ControlChartGenerator.generate(2, 20, 4)));
        RunResult r = TimeseriesMain.run(
                "train",
                "--dataset",
                "synthetic-control",
                "--input",
                file.toString(),
                "--hidden",
                "16",
                "--lr",
                "0.02",
                "--epochs",
                "30",
                "--batch",
                "6",
                "--out",
                dir.resolve("fit").toString(),
                "--progress",
                "off");
        assertEquals("small.data", r.dataset());
        assertEquals(6, r.metric("trainSeries"), 0.0);
        assertEquals(1.0, r.metric("trainAccuracy"), 0.0);
    }
}
