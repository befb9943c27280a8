package org.seqtasks.sentiment;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.seqtasks.UserFacingException;
import org.seqtasks.cli.UsageException;
import org.seqtasks.data.DatasetResolver;
import org.seqtasks.data.TextFiles;

/**
 * A sentiment dataset with its train/dev/test splits, by name:
 * <ul>
 *   <li>{@code default}: the embedded sample (480 sentences written for the project), split 80/10/10 with a fixed seed;</li>
 *   <li>{@code sst2}: the standard SST-2 protocol, training on the GLUE phrases and sentences (67,349), dev and test
 *       on the sentence-level splits (872 / 1,821);</li>
 *   <li>{@code sst2-sentence}: train on the 6,920 training sentences only (what most sentence-only setups do);</li>
 *   <li>{@code mr}: MR, which has no official split: fold {@code k} of a seeded 10-fold cross-validation (test = fold
 *       k, dev = fold k+1 for model selection, train = the other 8), or, with no fold, a quick seeded 80/10/10 split.</li>
 * </ul>
 */
public record SentimentData(
        String name, List<LabelledSentence> train, List<LabelledSentence> dev, List<LabelledSentence> test) {
    public static final String DEFAULT_RESOURCE = "datasets/samples/sentiment/reviews.txt";
    public static final int FOLDS = 10;
    /** The split seed of MR and the default set: fixed, so every run and every paper-style CV sees the same folds. */
    public static final long SPLIT_SEED = 20251122L;

    /** Loads {@code dataset} (or {@code input}, a file in the {@code <0|1> <text>} format); {@code fold} < 0 = quick split. */
    public static SentimentData load(String dataset, Path input, Path dataDir, int fold) {
        if (input != null) {
            return shuffleSplit(input.getFileName().toString(), SentimentReaders.labelFirst(input));
        }
        String name = dataset == null ? "default" : dataset;
        return switch (name) {
            case "default" ->
                shuffleSplit(
                        name,
                        SentimentReaders.labelFirst(
                                TextFiles.readResource(DEFAULT_RESOURCE, StandardCharsets.UTF_8)
                                        .lines()
                                        .toList(),
                                DEFAULT_RESOURCE));
            case "sst2" -> {
                DatasetResolver r = DatasetResolver.standard(dataDir);
                yield new SentimentData(
                        name,
                        SentimentReaders.glueTsv(r.file("sst2-glue", "train.tsv.gz")),
                        SentimentReaders.labelFirst(r.file("sst2-sentence", "stsa.binary.dev")),
                        SentimentReaders.labelFirst(r.file("sst2-sentence", "stsa.binary.test")));
            }
            case "sst2-sentence" -> {
                DatasetResolver r = DatasetResolver.standard(dataDir);
                yield new SentimentData(
                        name,
                        SentimentReaders.labelFirst(r.file(name, "stsa.binary.train")),
                        SentimentReaders.labelFirst(r.file(name, "stsa.binary.dev")),
                        SentimentReaders.labelFirst(r.file(name, "stsa.binary.test")));
            }
            case "mr", "mr-polarity" -> {
                DatasetResolver r = DatasetResolver.standard(dataDir);
                List<LabelledSentence> all =
                        new ArrayList<>(SentimentReaders.polarityFile(r.file("mr-polarity", "rt-polarity.pos"), 1));
                all.addAll(SentimentReaders.polarityFile(r.file("mr-polarity", "rt-polarity.neg"), 0));
                yield fold < 0 ? shuffleSplit("mr", all) : crossValidationFold("mr", all, fold);
            }
            default ->
                throw new UsageException(
                        "--dataset",
                        "sentiment has no dataset '" + name
                                + "': use default, sst2, sst2-sentence, mr, or --input FILE");
        };
    }

    /** A seeded 80/10/10 split. */
    static SentimentData shuffleSplit(String name, List<LabelledSentence> all) {
        List<LabelledSentence> order = shuffled(all);
        int trainEnd = (int) Math.round(order.size() * 0.8);
        int devEnd = (int) Math.round(order.size() * 0.9);
        return new SentimentData(
                name, order.subList(0, trainEnd), order.subList(trainEnd, devEnd), order.subList(devEnd, order.size()));
    }

    /** Fold {@code k} of {@value #FOLDS}: test = fold k, dev = fold k+1 (mod 10), train = the rest. */
    static SentimentData crossValidationFold(String name, List<LabelledSentence> all, int k) {
        if (k < 0 || k >= FOLDS) {
            throw new UserFacingException("--fold must be in 0.." + (FOLDS - 1) + ", got " + k);
        }
        List<LabelledSentence> order = shuffled(all);
        List<LabelledSentence> train = new ArrayList<>();
        List<LabelledSentence> dev = new ArrayList<>();
        List<LabelledSentence> test = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            int f = i % FOLDS;
            (f == k ? test : f == (k + 1) % FOLDS ? dev : train).add(order.get(i));
        }
        return new SentimentData(name + "-fold" + k, train, dev, test);
    }

    private static List<LabelledSentence> shuffled(List<LabelledSentence> all) {
        List<LabelledSentence> order = new ArrayList<>(all);
        Collections.shuffle(order, new Random(SPLIT_SEED));
        return order;
    }

    /** One split by name: dev or test. */
    public List<LabelledSentence> split(String split) {
        return switch (split) {
            case "dev" -> dev;
            case "test" -> test;
            case "train" -> train;
            default -> throw new UsageException("--split", "unknown split '" + split + "': use dev or test");
        };
    }
}
