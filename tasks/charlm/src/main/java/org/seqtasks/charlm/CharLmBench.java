package org.seqtasks.charlm;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.seqtasks.cli.TrainCommandOptions;
import org.seqtasks.data.Json;
import org.seqtasks.data.NextTokenWindowIterator;
import org.seqtasks.data.Vocabulary;
import org.seqtasks.model.Cell;
import org.seqtasks.model.RnnConfig;
import org.seqtasks.model.layers.FastRnnOutputLayer;
import org.seqtasks.report.RunResult;
import org.seqtasks.train.NativeThreads;
import org.seqtasks.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Throughput benchmark, the figures the foundation issue asks for: training chars/s, the share of a step
 * spent building its batch, sampling chars/s at batch 1, and peak RSS. Same model and data as the
 * PyTorch peer's {@code charlm_bench.py} (2 x 256, batch 32, 100-char windows, tBPTT 50, Adam 2e-3).
 * Prints one JSON line last. Thread count comes from {@code OMP_NUM_THREADS}: run it once per setting.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Measure training and sampling speed (prints one JSON line).")
final class CharLmBench implements Callable<RunResult> {
    @Option(
            names = "--cell",
            defaultValue = "lstm",
            converter = TrainCommandOptions.CellConverter.class,
            description = "rnn, lstm or gru. Default: ${DEFAULT-VALUE}.")
    Cell cell;

    @Option(names = "--dataset", defaultValue = "tinyshakespeare", description = "Corpus. Default: ${DEFAULT-VALUE}.")
    String dataset;

    @Option(names = "--data-dir", description = "Folder holding catalog datasets (also: SEQTASKS_DATA).")
    Path dataDir;

    @Option(names = "--hidden", defaultValue = "256")
    int hidden;

    @Option(names = "--layers", defaultValue = "2")
    int layers;

    @Option(names = "--batch", defaultValue = "32")
    int batch;

    @Option(names = "--seq-length", defaultValue = "100")
    int seqLength;

    @Option(names = "--tbptt", defaultValue = "50")
    int tbptt;

    @Option(names = "--warmup", defaultValue = "5", description = "Untimed iterations first.")
    int warmup;

    @Option(names = "--iterations", defaultValue = "30", description = "Timed iterations.")
    int iterations;

    @Option(names = "--sample-length", defaultValue = "2000", description = "Characters sampled at batch 1.")
    int sampleLength;

    @Option(names = "--json-out", description = "Also write the JSON line to this file.")
    Path jsonOut;

    @Option(
            names = "--output-layer-ab",
            defaultValue = "0",
            description =
                    "Instead: ROUNDS alternating blocks of --iterations fits of the network as built and of its twin"
                            + " with DL4J's own RnnOutputLayer (same weights, same batches, one process); prints the time ratios.")
    int outputLayerRounds;

    @Override
    public RunResult call() throws IOException {
        CharLmCorpus corpus = CharLmCorpus.load(dataset, null, dataDir);
        Vocabulary vocabulary = Vocabulary.ofCharacters(corpus.train());
        RnnConfig rnn = RnnConfig.of(cell, 12345)
                .hidden(hidden)
                .layers(layers)
                .tbptt(tbptt < seqLength ? tbptt : 0)
                .clip(5)
                .learningRate(2e-3);
        CharLmModel model = CharLmModel.create(rnn, vocabulary, seqLength, corpus.name());
        NextTokenWindowIterator windows = new NextTokenWindowIterator(
                vocabulary.encodeCharacters(corpus.train()), vocabulary.size(), seqLength, batch, true, 12345);
        if (outputLayerRounds > 0) {
            return outputLayerAb(model.network(), windows, cell.id());
        }
        // Batches are built synchronously here (no prefetch) so their cost is measured, not hidden.
        double[] stepMs = new double[iterations];
        double buildNanos = 0;
        double totalNanos = 0;
        long chars = 0;
        for (int i = 0; i < warmup + iterations; i++) {
            if (!windows.hasNext()) {
                windows.reset();
            }
            long t0 = System.nanoTime();
            DataSet ds = windows.next();
            long t1 = System.nanoTime();
            model.network().fit(ds);
            long t2 = System.nanoTime();
            if (i >= warmup) {
                stepMs[i - warmup] = (t2 - t0) / 1e6;
                buildNanos += t1 - t0;
                totalNanos += t2 - t0;
                chars += Trainer.units(ds.getLabelsMaskArray(), ds.getLabels());
            }
        }
        long s0 = System.nanoTime();
        model.sample("", sampleLength, 1.0, 1);
        double sampleSeconds = (System.nanoTime() - s0) / 1e9;
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("cell", cell.id());
        figures.put("ompThreads", NativeThreads.ompThreads());
        figures.put("params", model.parameterCount());
        figures.put("trainCharsPerSec", chars / (totalNanos / 1e9));
        double[] sorted = stepMs.clone();
        Arrays.sort(sorted);
        figures.put("medianStepMs", sorted[sorted.length / 2]);
        figures.put("medianCharsPerSec", batch * seqLength / (sorted[sorted.length / 2] / 1e3));
        figures.put("batchBuildShare", buildNanos / totalNanos);
        figures.put("sampleCharsPerSec", sampleLength / sampleSeconds);
        figures.put("peakRssMb", peakRssMb());
        figures.put("loadAverage", loadAverage());
        String line = Json.MAPPER.writer().writeValueAsString(figures);
        System.err.printf(
                Locale.ROOT,
                "%s %dx%d: train %.0f chars/s (median step %.0f ms), batch building %.2f%% of a step, "
                        + "sampling %.0f chars/s, peak RSS %.0f MB%n",
                cell.displayName(),
                layers,
                hidden,
                figures.get("trainCharsPerSec"),
                figures.get("medianStepMs"),
                100 * (double) figures.get("batchBuildShare"),
                figures.get("sampleCharsPerSec"),
                figures.get("peakRssMb"));
        System.out.println(line);
        if (jsonOut != null) {
            Files.writeString(jsonOut, line + "\n");
        }
        return new RunResult(
                "charlm",
                cell.id(),
                corpus.name(),
                "bench",
                model.parameterCount(),
                0,
                totalNanos / 1e9,
                new RunResult.Throughput((double) figures.get("trainCharsPerSec"), "chars/s"),
                figures,
                null,
                null,
                line);
    }

    /**
     * The network as built against its twin with DL4J's output layer, in alternating blocks (A B, then B A, ...) so
     * that a change of machine load hits both; the ratio of each round is DL4J's block time over the built one's.
     */
    private RunResult outputLayerAb(MultiLayerNetwork built, NextTokenWindowIterator windows, String cellId)
            throws IOException {
        MultiLayerNetwork dl4j = withDl4jOutputLayer(built);
        List<DataSet> batches = new ArrayList<>();
        for (int i = 0; i < iterations; i++) {
            if (!windows.hasNext()) {
                windows.reset();
            }
            batches.add(windows.next());
        }
        for (int i = 0; i < warmup; i++) {
            built.fit(batches.get(i % batches.size()));
            dl4j.fit(batches.get(i % batches.size()));
        }
        double[] ratios = new double[outputLayerRounds];
        double[] cpuRatios = new double[outputLayerRounds];
        double builtSeconds = 0;
        double dl4jSeconds = 0;
        for (int round = 0; round < outputLayerRounds; round++) {
            boolean builtFirst = round % 2 == 0;
            double[] first = timeFits(builtFirst ? built : dl4j, batches);
            double[] second = timeFits(builtFirst ? dl4j : built, batches);
            double[] b = builtFirst ? first : second;
            double[] d = builtFirst ? second : first;
            builtSeconds += b[0];
            dl4jSeconds += d[0];
            ratios[round] = d[0] / b[0];
            cpuRatios[round] = d[1] / b[1];
        }
        double[] sorted = ratios.clone();
        Arrays.sort(sorted);
        double[] sortedCpu = cpuRatios.clone();
        Arrays.sort(sortedCpu);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("cell", cellId);
        figures.put(
                "outputLayer", built.getLayer(built.getnLayers() - 1).getClass().getSimpleName());
        figures.put("rounds", outputLayerRounds);
        figures.put("fitsPerBlock", iterations);
        figures.put("dl4jOverBuiltRatios", ratios);
        figures.put("medianRatio", sorted[sorted.length / 2]);
        // CPU time of the whole process: on a loaded machine it counts the work, not the waits for a core.
        figures.put("dl4jOverBuiltCpuRatios", cpuRatios);
        figures.put("medianCpuRatio", sortedCpu[sortedCpu.length / 2]);
        figures.put(
                "dl4jOutputLayer",
                dl4j.getLayer(dl4j.getnLayers() - 1).getClass().getSimpleName());
        figures.put("builtCharsPerSec", outputLayerRounds * iterations * batch * seqLength / builtSeconds);
        figures.put("dl4jCharsPerSec", outputLayerRounds * iterations * batch * seqLength / dl4jSeconds);
        figures.put("loadAverage", loadAverage());
        String line = Json.MAPPER.writer().writeValueAsString(figures);
        System.out.println(line);
        if (jsonOut != null) {
            Files.writeString(jsonOut, line + "\n");
        }
        return new RunResult(
                "charlm",
                cellId,
                dataset,
                "bench",
                built.numParams(),
                0,
                builtSeconds,
                new RunResult.Throughput((double) figures.get("builtCharsPerSec"), "chars/s"),
                figures,
                null,
                null,
                line);
    }

    /** Wall seconds and process CPU seconds of one fit per batch. */
    private static double[] timeFits(MultiLayerNetwork net, List<DataSet> batches) {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long c0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        for (DataSet ds : batches) {
            net.fit(ds);
        }
        return new double[] {(System.nanoTime() - t0) / 1e9, (os.getProcessCpuTime() - c0) / 1e9};
    }

    /** The same network and weights with DL4J's RnnOutputLayer in place of the fused one. */
    private static MultiLayerNetwork withDl4jOutputLayer(MultiLayerNetwork net) {
        String json = net.getLayerWiseConfigurations()
                .toJson()
                .replace(
                        "\"@class\" : \"" + FastRnnOutputLayer.class.getName() + "\"",
                        "\"@class\" : \"" + RnnOutputLayer.class.getName() + "\"");
        MultiLayerNetwork twin = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(json));
        twin.init(net.params().dup(), false);
        return twin;
    }

    /** Peak resident set size of this process (Linux VmHWM), or -1 where /proc is absent. */
    static double peakRssMb() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmHWM:")) {
                    return Long.parseLong(l.replaceAll("\\D+", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
