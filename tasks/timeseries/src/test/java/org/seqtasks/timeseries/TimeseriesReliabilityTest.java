package org.seqtasks.timeseries;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqtasks.cli.Cli;
import org.seqtasks.data.Json;
import org.seqtasks.train.Trainer;
import org.seqtasks.train.TrainingCheckpoint;

/** Timeseries trains through the shared Trainer: a stopped run saves, says how to go on, and --resume finishes it. */
class TimeseriesReliabilityTest {
    @TempDir
    Path dir;

    private record Outcome(int code, String err) {}

    private static Outcome launch(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            return new Outcome(Cli.execute(new TimeseriesMain(), args), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** What the SIGINT handler does, once training is under way. */
    private static void ctrlCWhenTrainingStarts() {
        Thread ctrlC = new Thread(() -> {
            while (!Trainer.stopActive()) {
                Thread.onSpinWait();
            }
        });
        ctrlC.setDaemon(true);
        ctrlC.start();
    }

    private static JsonNode metrics(Path run) throws Exception {
        return Json.MAPPER.readTree(Files.readString(run.resolve("metrics.json")));
    }

    private static String lastLine(String text) {
        return text.strip().lines().reduce((a, b) -> b).orElse("");
    }

    @Test
    void theStockLabStoppedByCtrlCResumesToTheSameModelAsARunStraightThrough() throws Exception {
        Path prices = SyntheticPrices.write(dir.resolve("prices.csv"), SyntheticPrices.rows(120));
        String[] lab = {
            "--input", prices.toString(), "--cell", "lstm", "--epochs", "40", "--print-every", "10", "--progress", "off"
        };
        Path straight = dir.resolve("straight");
        assertEquals(
                0, launch(withOut(lab, "train", "--out", straight.toString())).code());

        Path run = dir.resolve("run");
        ctrlCWhenTrainingStarts();
        Outcome stopped = launch(withOut(lab, "train", "--out", run.toString()));
        assertEquals(130, stopped.code(), stopped.err());
        assertTrue(
                lastLine(stopped.err())
                        .matches("interrupted at epoch \\d+, iteration \\d+; resume with --resume .*run"),
                stopped.err());
        for (String file : new String[] {"model.zip", "metrics.json", TrainingCheckpoint.FILE, "curve.csv"}) {
            assertTrue(Files.isRegularFile(run.resolve(file)), file + " missing after the interruption");
        }
        assertEquals(
                "INTERRUPTED", metrics(run).get("metrics").get("stopReason").asText());
        long before = metrics(run).get("metrics").get("iterations").asLong();
        assertTrue(before < 40, "stopped at iteration " + before);

        Outcome resumed = launch(withOut(lab, "train", "--resume", run.toString()));
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.err().contains("iteration " + before + ","), resumed.err());
        JsonNode done = metrics(run);
        assertEquals("EPOCHS", done.get("metrics").get("stopReason").asText());
        assertEquals(40, done.get("metrics").get("iterations").asLong(), "the iteration counter went on, not from 0");
        List<String> curve = Files.readAllLines(run.resolve("curve.csv"));
        assertEquals(
                List.of("10", "20", "30", "40"),
                curve.subList(1, curve.size()).stream()
                        .map(l -> l.split(",")[0])
                        .toList(),
                "header + iterations 10, 20, 30, 40: " + curve);
        // full-batch Adam draws nothing at random: the resumed run must end exactly where the straight one did
        assertArrayEquals(
                TimeseriesModel.load(straight.resolve("model.zip"))
                        .network()
                        .params()
                        .toDoubleVector(),
                TimeseriesModel.load(run.resolve("model.zip"))
                        .network()
                        .params()
                        .toDoubleVector(),
                0.0);
        assertEquals(
                metrics(straight).get("metrics").get("rmse").asDouble(),
                done.get("metrics").get("rmse").asDouble(),
                0.0);
    }

    @Test
    void theClassifierStoppedByCtrlCResumesOnItsOwnSplit() throws Exception {
        String[] cls = {
            "--cell", "rnn", "--hidden", "6", "--epochs", "3", "--batch", "50", "--split-seed", "7", "--progress", "off"
        };
        Path run = dir.resolve("cls");
        ctrlCWhenTrainingStarts();
        Outcome stopped = launch(withOut(cls, "train", "--out", run.toString()));
        assertEquals(130, stopped.code(), stopped.err());
        assertEquals(
                "INTERRUPTED", metrics(run).get("metrics").get("stopReason").asText());
        assertTrue(Files.isRegularFile(run.resolve(TrainingCheckpoint.FILE)));

        // the split seed comes from the saved model, not from the (absent) option
        Outcome resumed =
                launch("train", "--resume", run.toString(), "--epochs", "3", "--batch", "50", "--progress", "off");
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.err().contains("resuming at epoch"), resumed.err());
        JsonNode done = metrics(run);
        assertEquals("EPOCHS", done.get("metrics").get("stopReason").asText());
        assertEquals(3.0, done.get("epochs").asDouble(), 1e-9);
        assertEquals(7, done.get("metrics").get("splitSeed").asLong());
        assertEquals(4, Files.readAllLines(run.resolve("curve.csv")).size(), "header + one point per epoch");
    }

    @Test
    void sigtermDuringTrainingSavesACheckpointAndExits143() throws Exception {
        Path prices = SyntheticPrices.write(dir.resolve("prices.csv"), SyntheticPrices.rows(120));
        Path run = dir.resolve("term");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(
                        java,
                        "-Xmx1g",
                        "--add-modules",
                        "jdk.incubator.vector",
                        "-cp",
                        System.getProperty("java.class.path"),
                        TimeseriesMain.class.getName(),
                        "train",
                        "--input",
                        prices.toString(),
                        "--epochs",
                        "1000000",
                        "--print-every",
                        "1",
                        "--progress",
                        "off",
                        "--out",
                        run.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        Thread watchdog = new Thread(() -> {
            try {
                if (!p.waitFor(180, TimeUnit.SECONDS)) {
                    p.destroyForcibly(); // never reached step 20: the assertions below say what it printed
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        watchdog.setDaemon(true);
        watchdog.start();
        List<String> err = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                err.add(line);
                if (line.startsWith("[step 20]")) {
                    p.toHandle().destroy(); // SIGTERM (Process.destroy would also close the stream read here)
                }
            }
        } finally {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
        assertEquals(143, p.exitValue(), String.join("\n", err));
        assertTrue(
                err.stream().anyMatch(l -> l.startsWith("stopping after this batch and saving a checkpoint (SIGTERM")),
                String.join("\n", err));
        assertTrue(
                lastLine(String.join("\n", err))
                        .matches("interrupted at epoch \\d+, iteration \\d+; resume with --resume .*term"),
                String.join("\n", err));
        assertTrue(Files.isRegularFile(run.resolve(TrainingCheckpoint.FILE)));
        assertEquals(
                "INTERRUPTED", metrics(run).get("metrics").get("stopReason").asText());
    }

    private static String[] withOut(String[] options, String command, String... more) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(List.of(more));
        args.addAll(List.of(options));
        return args.toArray(String[]::new);
    }
}
