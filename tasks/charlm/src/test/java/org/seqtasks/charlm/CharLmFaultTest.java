package org.seqtasks.charlm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqtasks.cli.TrainCommandOptions;
import org.seqtasks.data.Json;
import org.seqtasks.testing.ReaderFuzz;
import org.seqtasks.train.TrainingCheckpoint;

/**
 * Issue 20's fault test: a real {@code charlm train} in a child JVM is killed with SIGKILL at seeded random moments (one
 * of them the instant a checkpoint or model write has its temp file open), resumed each time, then stopped with SIGINT
 * and resumed to its end. After every kill the saved model and checkpoint must load, nothing but their temp files may
 * be beside them, and each resume must go on from the checkpoint; the finished run must equal, bit for bit, the same
 * run trained without interruption (weights, best model and curve), and no temp file may remain.
 */
class CharLmFaultTest {
    private static final long SEED = 20261201L;
    /** The first characters of the embedded play: 9 batches an epoch of 8 windows of 25 characters, 200 to validate on. */
    private static final int CORPUS = 2000;
    /**
     * Small and quick: 48 epochs of 9 batches, validated and checkpointed every 4 (108 checkpoints, most with a model
     * save). The kills come within the first ~100 iterations, so the SIGINT always finds the run going even on an idle
     * machine, where 16 epochs once ended before it arrived.
     */
    private static final List<String> RECIPE = List.of(
            "train",
            "--cell",
            "lstm",
            "--hidden",
            "16",
            "--layers",
            "1",
            "--seq-length",
            "25",
            "--batch",
            "8",
            "--validate-every",
            "4",
            "--epochs",
            "48",
            "--sample-length",
            "5",
            "--progress",
            "off");

    private static final Set<String> RUN_FILES =
            Set.of(TrainCommandOptions.MODEL_FILE, TrainingCheckpoint.FILE, "curve.csv", "curve.png", "metrics.json");
    /** Kill points are drawn within this many iterations past the last checkpoint (a run has 48 x 9 = 432). */
    private static final int STEP = 12;

    private static final int MAX_PAUSE_MS = 150;
    private static final long START_LIMIT_MS = 60_000;
    private static final int SIGINT_EXIT = 130;
    private static final Path PERL = Path.of("/usr/bin/perl");

    @TempDir
    Path dir;

    private int launches;

    /** {@code charlm} in a JVM of its own, as the launcher runs it; its output goes to a log file. */
    private Process launch(List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(PERL)) {
            // A job started in the background by a non-interactive shell (as CI may be) inherits SIGINT ignored, and a
            // JVM started so never sees Ctrl-C. Perl (essential on Debian) puts the default back before the JVM starts.
            command.addAll(List.of(
                    PERL.toString(), "-e", "$SIG{INT} = 'DEFAULT'; exec { $ARGV[0] } @ARGV or die \"exec: $!\";"));
        }
        command.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules",
                "jdk.incubator.vector",
                "-Xmx512m",
                "-XX:+UseSerialGC",
                "-cp",
                classpath(),
                CharLmMain.class.getName()));
        command.addAll(args);
        Path log = dir.resolve("launch-" + ++launches + ".log");
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /** The test's own classpath (surefire also puts it in java.class.path when it runs from a manifest-only jar). */
    private static String classpath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    private String log(int launch) throws IOException {
        return Files.readString(dir.resolve("launch-" + launch + ".log"), StandardCharsets.UTF_8);
    }

    private boolean logSays(int launch, String words) {
        try {
            return log(launch).contains(words);
        } catch (IOException e) {
            return false;
        }
    }

    private static List<String> with(List<String> first, String... more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all;
    }

    private static void await(BooleanSupplier condition, Process p, String what) throws Exception {
        long deadline = System.currentTimeMillis() + START_LIMIT_MS;
        while (!condition.getAsBoolean()) {
            if (!p.isAlive()) {
                throw new AssertionError("the child exited (" + p.exitValue() + ") before " + what);
            }
            if (System.currentTimeMillis() > deadline) {
                p.destroyForcibly();
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(1);
        }
    }

    private static List<Path> files(Path run) {
        try (Stream<Path> s = Files.list(run)) {
            return s.toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static boolean tempFileOpen(Path run) {
        return files(run).stream().anyMatch(f -> f.getFileName().toString().endsWith(".tmp"));
    }

    private static long checkpointIterations(Path run) {
        return TrainingCheckpoint.read(run.resolve(TrainingCheckpoint.FILE)).iterations();
    }

    /** What a kill must leave: a model and a checkpoint that load, and beside them only the run's files and temp files. */
    private static long assertIntact(Path run, String after) {
        for (Path f : files(run)) {
            String name = f.getFileName().toString();
            assertTrue(RUN_FILES.contains(name) || name.endsWith(".tmp"), after + ": unexpected " + name);
        }
        CharLmModel.load(run.resolve(TrainCommandOptions.MODEL_FILE)); // throws when it does not load
        return checkpointIterations(run);
    }

    private static void sigkill(Process p) throws Exception {
        p.destroyForcibly(); // SIGKILL on Linux
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    }

    private static float[] params(Path model) {
        return CharLmModel.load(model).network().params().toFloatVector();
    }

    /** The curve without its clock columns: iteration, epoch, train loss, validation loss. */
    private static List<String> curve(Path run) throws IOException {
        return Files.readAllLines(run.resolve("curve.csv")).stream()
                .map(l -> {
                    String[] f = l.split(",");
                    return f[0] + "," + f[1] + "," + f[3] + "," + f[4];
                })
                .toList();
    }

    /** Waits until the checkpoint holds at least {@code iterations}; reads it only when it was replaced (a new file). */
    private static long awaitCheckpoint(Path run, long iterations, Process p) throws Exception {
        Path file = run.resolve(TrainingCheckpoint.FILE);
        Object[] seen = {null};
        long[] reached = {-1};
        await(
                () -> {
                    try {
                        Object key = Files.readAttributes(file, BasicFileAttributes.class)
                                .fileKey();
                        if (key == null || !key.equals(seen[0])) { // null: a file system without keys, read every time
                            seen[0] = key;
                            reached[0] = checkpointIterations(run);
                        }
                    } catch (IOException | RuntimeException e) {
                        return false; // not there yet
                    }
                    return reached[0] >= iterations;
                },
                p,
                "a checkpoint at iteration " + iterations);
        return reached[0];
    }

    @Test
    void killedAtSeededMomentsThenInterruptedThenResumedTheRunEndsAsTheUninterruptedOne() throws Exception {
        Random random = new Random(SEED);
        Path play = Files.write(
                dir.resolve("play.txt"), Arrays.copyOf(ReaderFuzz.resource(CharLmCorpus.DEFAULT_RESOURCE), CORPUS));
        List<String> recipe = with(RECIPE, "--input", play.toString());
        Path run = dir.resolve("run");
        List<String> resume = with(recipe, "--resume", run.toString());

        // 1. SIGKILL at a random moment after a checkpoint at a random iteration.
        Process p = launch(with(recipe, "--out", run.toString()));
        awaitCheckpoint(run, STEP + random.nextInt(STEP), p);
        Thread.sleep(random.nextInt(MAX_PAUSE_MS));
        sigkill(p);
        long reached = assertIntact(run, "kill 1");
        int kills = 1;

        // 2 and 3. Resume; SIGKILL the moment a checkpoint or model write has its temp file open (a random while in).
        int killedMidWrite = 0;
        for (int attempt = 0; attempt < 2; attempt++) {
            p = launch(resume);
            int launch = launches;
            long before = reached;
            // the resumed run first removes what the last kill left, then says where it resumes
            await(() -> logSays(launch, "resuming at epoch"), p, "the resume");
            awaitCheckpoint(run, before + 1 + random.nextInt(STEP), p);
            await(() -> tempFileOpen(run), p, "a write in progress");
            sigkill(p);
            kills++;
            killedMidWrite += tempFileOpen(run) ? 1 : 0;
            reached = assertIntact(run, "kill " + kills);
            assertTrue(reached > before, "the resumed run went on from the checkpoint: " + before + " -> " + reached);
        }

        // 4. Resume, then SIGINT a random while after a new checkpoint: exit 130, a final checkpoint and metrics.json.
        p = launch(resume);
        int interrupted = launches;
        awaitCheckpoint(run, reached + 1 + random.nextInt(STEP), p);
        Thread.sleep(random.nextInt(MAX_PAUSE_MS));
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "SIGINT ends the run");
        String said = log(interrupted);
        assertEquals(SIGINT_EXIT, p.exitValue(), "0 would mean the run ended before the SIGINT came:\n" + said);
        assertTrue(said.contains("stopping after this batch and saving a checkpoint"), said);
        assertTrue(
                said.strip()
                        .lines()
                        .reduce((a, b) -> b)
                        .orElse("")
                        .matches("interrupted at epoch \\d+, iteration \\d+; resume with --resume .*run"),
                said);
        JsonNode metrics = Json.MAPPER.readTree(Files.readString(run.resolve("metrics.json")));
        assertEquals("INTERRUPTED", metrics.get("metrics").get("stopReason").asText());
        assertEquals(
                metrics.get("metrics").get("iterations").asLong(),
                assertIntact(run, "SIGINT"),
                "the final checkpoint is where it stopped");

        // 5. Resume to the end.
        p = launch(resume);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), log(launches));
        assertTrue(
                files(run).stream().noneMatch(f -> f.getFileName().toString().endsWith(".tmp")),
                "temp files left: " + files(run));

        // The same run, never interrupted (in this JVM: one start fewer, and the arithmetic is the same in any JVM).
        Path reference = dir.resolve("reference");
        CharLmMain.run(with(recipe, "--out", reference.toString()).toArray(String[]::new));

        JsonNode done = Json.MAPPER.readTree(Files.readString(run.resolve("metrics.json")));
        JsonNode uninterrupted = Json.MAPPER.readTree(Files.readString(reference.resolve("metrics.json")));
        assertEquals("EPOCHS", done.get("metrics").get("stopReason").asText());
        assertEquals(
                uninterrupted.get("metrics").get("iterations").asLong(),
                done.get("metrics").get("iterations").asLong());
        assertEquals(curve(reference), curve(run), "the curve goes on where it was, as the uninterrupted run's");
        assertArrayEquals(
                TrainingCheckpoint.read(reference.resolve(TrainingCheckpoint.FILE))
                        .params()
                        .toFloatVector(),
                TrainingCheckpoint.read(run.resolve(TrainingCheckpoint.FILE))
                        .params()
                        .toFloatVector(),
                "the last weights, bit for bit");
        assertArrayEquals(
                params(reference.resolve(TrainCommandOptions.MODEL_FILE)),
                params(run.resolve(TrainCommandOptions.MODEL_FILE)),
                "the best model, bit for bit");
        System.out.printf(
                "fault test: %d SIGKILLs (%d with a temp file open), 1 SIGINT, %d resumes, %d child JVMs%n",
                kills, killedMidWrite, kills + 1, launches);
    }
}
