package org.seqtasks.compare;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.seqtasks.UserFacingException;
import org.seqtasks.cli.UsageException;
import org.seqtasks.data.DatasetResolver;
import org.seqtasks.data.Json;
import org.seqtasks.report.RunResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./seqtasks bench}: the character language model's speed (2 x 256, batch 32, 100-character windows, tBPTT 50)
 * for every cell with this project's fast layers and with DL4J's own, each in its own JVM so that peak memory is
 * its own, and the PyTorch peer ({@code charlm_bench.py}) beside them in the same sitting when {@code python3} has
 * torch. Prints a table with the ratios to the peer and one JSON line per row.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description =
                "Training and sampling speed and peak memory: fast layers, DL4J's layers and the PyTorch peer, side by side.")
public final class BenchCommand implements Callable<RunResult> {
    /** The peer's best thread setting on these machines (it gains 1.2-1.5x from the second core; DESIGN.md). */
    static final int PEER_THREADS = 2;

    @Option(
            names = "--tasks",
            split = ",",
            defaultValue = "charlm",
            paramLabel = "TASK",
            description =
                    "Tasks to measure: charlm (training, sampling, memory), sentiment and postag (training on sst2 and"
                            + " ud-english-ewt against the peer's model). Default: ${DEFAULT-VALUE}.")
    List<String> tasks;

    @Option(
            names = "--cells",
            split = ",",
            defaultValue = "rnn,lstm,gru",
            description = "Cells to measure. Default: ${DEFAULT-VALUE}.")
    List<String> cells;

    @Option(
            names = "--task-minutes",
            defaultValue = "1",
            description = "sentiment and postag: training minutes per row. Default: ${DEFAULT-VALUE}.")
    double taskMinutes;

    @Option(
            names = "--implementations",
            split = ",",
            defaultValue = "fast,stock",
            description = "Layer implementations to measure (fast, stock). Default: ${DEFAULT-VALUE}.")
    List<String> implementations;

    @Option(
            names = "--iterations",
            defaultValue = "30",
            description = "Timed training iterations per measurement. Default: ${DEFAULT-VALUE}.")
    int iterations;

    @Option(
            names = "--rounds",
            defaultValue = "1",
            description = "Measure every row this many times, interleaved. Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Option(
            names = "--sample-length",
            defaultValue = "2000",
            description = "Characters sampled at batch 1. Default: ${DEFAULT-VALUE}.")
    int sampleLength;

    @Option(
            names = "--peers",
            description = "Folder of the PyTorch peer scripts (default: ../shared/peers/pytorch when present).")
    Path peers;

    @Option(
            names = "--python",
            description = "The Python that has torch (default: Debian's /usr/bin/python3 when present, else python3).")
    String python;

    @Option(names = "--no-peer", description = "Skip the PyTorch peer.")
    boolean noPeer;

    @Option(names = "--data-dir", description = "Folder holding catalog datasets (also: SEQTASKS_DATA).")
    Path dataDir;

    @Option(names = "--out", description = "Also write the JSON lines to this file.")
    Path out;

    record Row(int round, String cell, String implementation, JsonNode figures) {
        double get(String key) {
            JsonNode v = figures.get(key);
            return v == null ? Double.NaN : v.asDouble();
        }
    }

    @Override
    public RunResult call() throws IOException, InterruptedException {
        for (String task : tasks) {
            if (!task.equals("charlm") && TrainingThroughput.named(task) == null) {
                throw new UsageException(
                        "--tasks", "unknown task '" + task + "' (expected charlm, sentiment or postag)");
            }
        }
        List<String> lines = new ArrayList<>();
        if (tasks.contains("charlm")) {
            lines.addAll(charLm());
        }
        for (String task : tasks) {
            if (!task.equals("charlm")) {
                lines.addAll(training(TrainingThroughput.named(task)));
            }
        }
        lines.forEach(System.out::println);
        if (out != null) {
            Files.write(out, lines);
        }
        return new RunResult(
                "bench",
                String.join(",", cells),
                "tinyshakespeare",
                "bench",
                0,
                0,
                0,
                null,
                Map.of(),
                null,
                null,
                String.join("\n", lines));
    }

    /** The char-LM rows: training and sampling speed and peak memory per cell and implementation, and the peer's. */
    private List<String> charLm() throws IOException, InterruptedException {
        Path corpus = DatasetResolver.standard(dataDir)
                .resolve("tinyshakespeare")
                .values()
                .iterator()
                .next();
        Path peerScript = peerScript();
        List<Row> rows = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            for (String cell : cells) {
                for (String impl : implementations) {
                    if (cell.equals("gru") && impl.equals("stock")) {
                        continue; // DL4J has no GRU
                    }
                    rows.add(new Row(round, cell, impl, ours(cell, impl)));
                }
                if (peerScript != null && !cell.equals("gru")) {
                    rows.add(new Row(round, cell, "pytorch", peer(peerScript, cell, corpus)));
                }
            }
        }
        List<String> lines = new ArrayList<>();
        System.out.println(String.format(
                Locale.ROOT,
                "%-5s %-8s %14s %14s %10s %9s %9s %9s",
                "cell",
                "layers",
                "train chars/s",
                "sample chars/s",
                "RSS MB",
                "train/pt",
                "sample/pt",
                "RSS/pt"));
        for (Row r : rows) {
            Row p = peerOf(rows, r);
            double train =
                    r.implementation().equals("pytorch") ? r.get("train_chars_per_s") : r.get("trainCharsPerSec");
            double sample =
                    r.implementation().equals("pytorch") ? r.get("sample_chars_per_s") : r.get("sampleCharsPerSec");
            double rss = r.implementation().equals("pytorch") ? r.get("peak_rss_mb") : r.get("peakRssMb");
            double pTrain = p == null ? Double.NaN : p.get("train_chars_per_s");
            double pSample = p == null ? Double.NaN : p.get("sample_chars_per_s");
            double pRss = p == null ? Double.NaN : p.get("peak_rss_mb");
            System.out.println(String.format(
                    Locale.ROOT,
                    "%-5s %-8s %14.0f %14.0f %10.0f %9.2f %9.2f %9.2f",
                    r.cell(),
                    r.implementation(),
                    train,
                    sample,
                    rss,
                    train / pTrain,
                    sample / pSample,
                    rss / pRss));
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("task", "charlm");
            line.put("round", r.round() + 1);
            line.put("cell", r.cell());
            line.put("layers", r.implementation());
            line.put("trainCharsPerSec", train);
            line.put("sampleCharsPerSec", sample);
            line.put("peakRssMb", rss);
            line.put("trainRatioToPeer", train / pTrain);
            line.put("sampleRatioToPeer", sample / pSample);
            line.put("rssRatioToPeer", rss / pRss);
            line.put("loadAverage", loadAverage());
            lines.add(Json.MAPPER.writeValueAsString(line));
        }
        return lines;
    }

    /** One task's training-throughput rows: ours per cell and implementation for the same budget, and the peer's. */
    private List<String> training(TrainingThroughput bench) throws IOException, InterruptedException {
        Map<String, Path> files = DatasetResolver.standard(dataDir).resolve(bench.peerData());
        Path script = peerScript();
        Path scripts = script == null ? null : script.getParent();
        List<String[]> table = new ArrayList<>();
        Map<String, Double> peerByCell = new LinkedHashMap<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            for (String cell : cells) {
                for (String impl : implementations) {
                    if (cell.equals("gru") && impl.equals("stock")) {
                        continue; // DL4J has no GRU
                    }
                    rows.add(trainingRow(bench, cell, impl, oursTraining(bench, cell, impl)));
                }
                if (scripts != null && !cell.equals("gru")) {
                    List<String> output = run(
                            bench.peer(python, scripts, cell, taskMinutes, files),
                            bench.task() + " " + cell + " pytorch");
                    double value = Json.MAPPER
                            .readTree(output.get(output.size() - 1))
                            .path(bench.peerUnitKey())
                            .asDouble(Double.NaN);
                    peerByCell.put(cell, value);
                    rows.add(trainingRow(bench, cell, "pytorch", value));
                }
            }
        }
        System.out.println(String.format(
                Locale.ROOT, "%-9s %-5s %-8s %14s %9s", "task", "cell", "layers", "train " + bench.unit(), "train/pt"));
        List<String> lines = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            double value = (Double) row.get("trainPerSec");
            double ratio = value / peerByCell.getOrDefault((String) row.get("cell"), Double.NaN);
            row.put("trainRatioToPeer", ratio);
            System.out.println(String.format(
                    Locale.ROOT,
                    "%-9s %-5s %-8s %14.0f %9.2f",
                    bench.task(),
                    row.get("cell"),
                    row.get("layers"),
                    value,
                    ratio));
            lines.add(Json.MAPPER.writeValueAsString(row));
        }
        return lines;
    }

    private Map<String, Object> trainingRow(TrainingThroughput bench, String cell, String impl, double value) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("task", bench.task());
        line.put("dataset", bench.dataset());
        line.put("cell", cell);
        line.put("layers", impl);
        line.put("unit", bench.unit());
        line.put("trainPerSec", value);
        line.put("minutes", taskMinutes);
        line.put("loadAverage", loadAverage());
        return line;
    }

    private double oursTraining(TrainingThroughput bench, String cell, String impl)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("seqtasks-bench");
        List<String> cmd = childJava();
        cmd.addAll(bench.ours(cell, taskMinutes, dir.resolve("run")));
        cmd.addAll(List.of("--layers-impl", impl));
        if (dataDir != null) {
            cmd.addAll(List.of("--data-dir", dataDir.toString()));
        }
        run(cmd, bench.task() + " " + cell + " " + impl);
        return Json.MAPPER
                .readTree(dir.resolve("run").resolve("metrics.json").toFile())
                .path("throughput")
                .path("value")
                .asDouble(Double.NaN);
    }

    /** This JVM's own command line up to the main class: children run with the launcher's heap, collector and modules. */
    private static List<String> childJava() {
        List<String> cmd =
                new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), SeqtasksMain.class.getName()));
        return cmd;
    }

    /** The peer's row of {@code row}'s cell in the same round: measured beside it, so the ratio is of one sitting. */
    static Row peerOf(List<Row> rows, Row row) {
        for (Row r : rows) {
            if (r.implementation().equals("pytorch") && r.cell().equals(row.cell()) && r.round() == row.round()) {
                return r;
            }
        }
        return null;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private Path peerScript() throws IOException, InterruptedException {
        if (noPeer) {
            return null;
        }
        Path dir = peers != null ? peers : Path.of("..", "shared", "peers", "pytorch");
        Path script = dir.resolve("charlm_bench.py");
        if (!Files.isRegularFile(script)) {
            System.err.println("bench: no PyTorch peer at " + script + " (give --peers DIR): measuring ours only");
            return null;
        }
        if (python == null) {
            python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        }
        Process check = new ProcessBuilder(python, "-c", "import torch")
                .redirectErrorStream(true)
                .start();
        if (!check.waitFor(60, TimeUnit.SECONDS) || check.exitValue() != 0) {
            System.err.println("bench: " + python
                    + " has no torch (Debian: apt-get install python3-torch libopenblas0-openmp): measuring ours only");
            return null;
        }
        return script;
    }

    private JsonNode ours(String cell, String impl) throws IOException, InterruptedException {
        Path json = Files.createTempFile("seqtasks-bench", ".json");
        try {
            List<String> cmd = childJava();
            cmd.addAll(List.of(
                    "charlm",
                    "bench",
                    "--cell",
                    cell,
                    "--layers-impl",
                    impl,
                    "--iterations",
                    String.valueOf(iterations),
                    "--sample-length",
                    String.valueOf(sampleLength),
                    "--json-out",
                    json.toString()));
            if (dataDir != null) {
                cmd.addAll(List.of("--data-dir", dataDir.toString()));
            }
            run(cmd, cell + " " + impl);
            return Json.MAPPER.readTree(Files.readString(json));
        } finally {
            Files.deleteIfExists(json);
        }
    }

    private JsonNode peer(Path script, String cell, Path corpus) throws IOException, InterruptedException {
        List<String> cmd = List.of(
                python,
                script.toString(),
                corpus.toString(),
                "--mode",
                "bench",
                "--cell",
                cell,
                "--threads",
                String.valueOf(PEER_THREADS),
                "--warmup",
                "5",
                "--iters",
                String.valueOf(iterations),
                "--sample-chars",
                String.valueOf(sampleLength));
        List<String> output = run(cmd, cell + " pytorch");
        return Json.MAPPER.readTree(output.get(output.size() - 1));
    }

    private static List<String> run(List<String> cmd, String what) throws IOException, InterruptedException {
        System.err.println("bench: " + what + " ...");
        Process p = new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        List<String> lines = new String(p.getInputStream().readAllBytes())
                .lines()
                .filter(l -> !l.isBlank())
                .toList();
        if (p.waitFor() != 0 || lines.isEmpty()) {
            throw new UserFacingException(
                    "bench: " + what + " failed (exit " + p.exitValue() + "): " + String.join(" ", cmd));
        }
        return lines;
    }
}
