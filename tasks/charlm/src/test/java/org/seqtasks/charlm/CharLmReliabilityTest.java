package org.seqtasks.charlm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqtasks.cli.Cli;
import org.seqtasks.data.Json;
import org.seqtasks.train.Trainer;
import org.seqtasks.train.TrainingCheckpoint;

/** Nothing saved is lost, and a stopped run goes on: through the command line, in-process. */
class CharLmReliabilityTest {
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
            return new Outcome(Cli.execute(new CharLmMain(), args), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private static String[] tiny(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "train",
                "--cell",
                "rnn",
                "--hidden",
                "16",
                "--layers",
                "1",
                "--progress",
                "off",
                "--sample-length",
                "10",
                "--out",
                out.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void ctrlCSavesWritesMetricsSaysHowToResumeAndExits130ThenResumeFinishesTheRun() throws Exception {
        Path out = dir.resolve("run");
        Thread ctrlC = new Thread(
                () -> { // what the SIGINT handler does, once training is under way
                    while (!Trainer.stopActive()) {
                        Thread.onSpinWait();
                    }
                });
        ctrlC.setDaemon(true);
        ctrlC.start();
        Outcome stopped = launch(tiny(out, "--epochs", "2"));
        assertEquals(130, stopped.code(), stopped.err());
        String last = stopped.err().strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.matches("interrupted at epoch 1, iteration \\d+; resume with --resume .*run"), last);
        for (String file : new String[] {"model.zip", "metrics.json", TrainingCheckpoint.FILE, "curve.csv"}) {
            assertTrue(Files.isRegularFile(out.resolve(file)), file + " missing after the interruption");
        }
        JsonNode metrics = Json.MAPPER.readTree(Files.readString(out.resolve("metrics.json")));
        assertEquals("INTERRUPTED", metrics.get("metrics").get("stopReason").asText());
        long before = metrics.get("metrics").get("iterations").asLong();

        Outcome resumed = launch(
                "train",
                "--resume",
                out.toString(),
                "--epochs",
                "2",
                "--progress",
                "off",
                "--sample-length",
                "10",
                "--lr",
                "0.5");
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(
                resumed.err().contains("resuming at epoch 1 (" + before + " batches into it), iteration " + before),
                resumed.err());
        assertTrue(
                resumed.err()
                        .contains("warning: --resume continues the saved recipe; not used: --lr 0.5 (saved 0.003)"),
                resumed.err());
        JsonNode done = Json.MAPPER.readTree(Files.readString(out.resolve("metrics.json")));
        assertEquals("EPOCHS", done.get("metrics").get("stopReason").asText());
        assertEquals(2.0, done.get("epochs").asDouble(), 1e-9);
        List<String> curve = Files.readAllLines(out.resolve("curve.csv"));
        assertEquals(3, curve.size(), "header + the two epochs' points: " + curve);
        long perEpoch = Long.parseLong(curve.get(1).split(",")[0]);
        assertEquals(
                2 * perEpoch,
                done.get("metrics").get("iterations").asLong(),
                "the iteration counter went on, not from 0");
    }

    @Test
    void anOutFolderHoldingAModelIsRefusedUnlessForcedAndForceKeepsTheOldOne() throws Exception {
        Path out = dir.resolve("run");
        assertEquals(0, launch(tiny(out, "--epochs", "1")).code());
        byte[] first = Files.readAllBytes(out.resolve("model.zip"));

        Outcome again = launch(tiny(out, "--epochs", "1"));
        assertEquals(2, again.code());
        assertTrue(
                again.err()
                        .startsWith("Invalid value for option '--out': " + out
                                + " already holds a model.zip; continue it with --resume"),
                again.err());
        assertTrue(Arrays.equals(first, Files.readAllBytes(out.resolve("model.zip"))), "the model is untouched");

        Outcome forced = launch(tiny(out, "--epochs", "1", "--force", "--seed", "5"));
        assertEquals(0, forced.code(), forced.err());
        assertTrue(
                Arrays.equals(first, Files.readAllBytes(out.resolve("model.prev.zip"))), "--force keeps the old model");
        assertTrue(Files.isRegularFile(out.resolve("model.zip")));
    }
}
