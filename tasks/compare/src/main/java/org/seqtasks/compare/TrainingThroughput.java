package org.seqtasks.compare;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The bench rows of the sentiment and postag tasks: training throughput of this project's {@code train} against the
 * PyTorch peer's script on the same real data, with the model set to the peer's (sizes, optimiser, batch, no
 * pretrained vectors), each for the same short wall-clock budget. Both report examples (sentences or tokens) per
 * second of training, validation excluded.
 */
record TrainingThroughput(
        String task,
        String dataset,
        String peerData,
        String unit,
        List<String> ourArgs,
        String peerScript,
        String peerUnitKey) {

    /** The peer's sentiment model: random embedding 100, one 128-unit layer, its last state, Adam 1e-3, batch 32. */
    static final TrainingThroughput SENTIMENT = new TrainingThroughput(
            "sentiment",
            "sst2",
            "sst2-glue", // the peer reads GLUE's train.tsv and dev.tsv; our sst2 trains on the same train.tsv
            "sentences/s",
            List.of(
                    "--embeddings",
                    "none",
                    "--embedding",
                    "100",
                    "--hidden",
                    "128",
                    "--layers",
                    "1",
                    "--no-bidirectional",
                    "--pooling",
                    "last",
                    "--batch",
                    "32",
                    "--lr",
                    "0.001",
                    "--dropout",
                    "0",
                    "--word-dropout",
                    "0",
                    "--min-freq",
                    "1"),
            "sentiment_ref.py",
            "train_examples_per_s");

    /**
     * The peer's tagger: word embedding 100 and a small spelling embedding, a bidirectional 128-unit layer, Adam 1e-3,
     * batch 32 (ours also reads affixes, which the peer does not: a few more embedding lookups per token).
     */
    static final TrainingThroughput POSTAG = new TrainingThroughput(
            "postag",
            "ud-english-ewt",
            "ud-english-ewt",
            "tokens/s",
            List.of(
                    "--embeddings",
                    "none",
                    "--embedding",
                    "100",
                    "--feature-embedding",
                    "8",
                    "--hidden",
                    "128",
                    "--layers",
                    "1",
                    "--bidirectional",
                    "--batch",
                    "32",
                    "--lr",
                    "0.001",
                    "--dropout",
                    "0",
                    "--word-dropout",
                    "0"),
            "pos_ref.py",
            "train_tokens_per_s");

    static final List<TrainingThroughput> ALL = List.of(SENTIMENT, POSTAG);

    static TrainingThroughput named(String name) {
        return ALL.stream().filter(t -> t.task().equals(name)).findFirst().orElse(null);
    }

    /** Our {@code train} line for one cell, its budget and output folder. */
    List<String> ours(String cell, double minutes, Path out) {
        List<String> args = new ArrayList<>(List.of(
                task,
                "train",
                "--dataset",
                dataset,
                "--cell",
                cell,
                "--epochs",
                "1",
                "--max-minutes",
                String.valueOf(minutes),
                "--progress",
                "off",
                "--out",
                out.toString()));
        args.addAll(ourArgs);
        return args;
    }

    /** The peer's line for one cell; {@code files} are {@link #peerData}'s files as the catalog resolves them. */
    List<String> peer(String python, Path scripts, String cell, double minutes, Map<String, Path> files) {
        List<String> args = new ArrayList<>(List.of(
                python,
                scripts.resolve(peerScript).toString(),
                "--cell",
                cell,
                "--epochs",
                "1",
                "--max-minutes",
                String.valueOf(minutes),
                "--threads",
                String.valueOf(BenchCommand.PEER_THREADS)));
        if (this == SENTIMENT) {
            args.addAll(List.of(
                    "--sst-dir", files.values().iterator().next().getParent().toString()));
        } else {
            args.addAll(List.of(
                    "--train",
                    fileEnding(files, "train.conllu.gz").toString(),
                    "--dev",
                    fileEnding(files, "dev.conllu.gz").toString(),
                    "--features",
                    "shape"));
        }
        return args;
    }

    private static Path fileEnding(Map<String, Path> files, String suffix) {
        return files.values().stream()
                .filter(p -> p.getFileName().toString().endsWith(suffix))
                .findFirst()
                .orElseThrow(
                        () -> new IllegalStateException("no file ending in " + suffix + " among " + files.values()));
    }
}
