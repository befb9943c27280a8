package org.seqtasks.postag;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.seqtasks.cli.UsageException;
import org.seqtasks.data.DatasetResolver;
import org.seqtasks.data.SplitSizes;
import org.seqtasks.data.TextFiles;
import org.seqtasks.postag.ConlluReader.Tagset;

/**
 * A tagging dataset with its train and dev splits, by name:
 * <ul>
 *   <li>{@code default}: the embedded sample written for the project ({@code datasets/samples/postag/}),</li>
 *   <li>{@code ud-english-ewt}: UD English Web Treebank 2.16, official train and dev splits (the test split is not
 *       mirrored, so dev is the reported figure, as in the goal),</li>
 *   <li>{@code --input FILE [--dev FILE]}: any CoNLL-U files.</li>
 * </ul>
 */
public record PosTagData(String name, List<TaggedSentence> train, List<TaggedSentence> dev) {
    static final String SAMPLE = "datasets/samples/postag/";

    public static PosTagData load(String dataset, Path input, Path devInput, Path dataDir, Tagset tagset) {
        if (input != null) {
            List<TaggedSentence> train = ConlluReader.read(input, tagset);
            if (devInput != null) {
                return new PosTagData(
                        input.getFileName().toString(),
                        SplitSizes.atLeast(train, 1, "train", input.toString(), "sentences"),
                        SplitSizes.atLeast(
                                ConlluReader.read(devInput, tagset), 1, "dev", devInput.toString(), "sentences"));
            }
            return heldOut(input, train);
        }
        String name = dataset == null ? "default" : dataset;
        return switch (name) {
            case "default" -> new PosTagData(name, embedded("train.conllu", tagset), embedded("dev.conllu", tagset));
            case "ud-english-ewt", "ewt" -> {
                DatasetResolver r = DatasetResolver.standard(dataDir);
                yield new PosTagData(
                        "ud-english-ewt",
                        ConlluReader.read(r.file("ud-english-ewt", "en_ewt-ud-train.conllu.gz"), tagset),
                        ConlluReader.read(r.file("ud-english-ewt", "en_ewt-ud-dev.conllu.gz"), tagset));
            }
            default ->
                throw new UsageException(
                        "--dataset",
                        "postag has no dataset '" + name + "': use default, ud-english-ewt, or --input FILE");
        };
    }

    /** Share of an {@code --input} file held out as its dev split when no {@code --dev} is given. */
    static final double HELD_OUT = 0.1;

    static final long HELD_OUT_SEED = 20261201L;

    /**
     * Without {@code --dev}, a seeded tenth of the training file becomes the dev split, so checkpoints are not chosen on
     * (and "dev" accuracy is not) the very sentences the tagger trains on; said on stderr, because the figures depend on it.
     */
    static PosTagData heldOut(Path input, List<TaggedSentence> all) {
        SplitSizes.atLeast(all, 2, "train", input.toString(), "sentences (no --dev given: a tenth is held out as dev)");
        List<TaggedSentence> order = new ArrayList<>(all);
        Collections.shuffle(order, new Random(HELD_OUT_SEED));
        int dev = Math.max(1, (int) Math.round(order.size() * HELD_OUT));
        System.err.printf(
                Locale.ROOT,
                "postag: no --dev given: %d of the %d sentences of %s are held out as the dev split (seeded)%n",
                dev,
                order.size(),
                input);
        return new PosTagData(
                input.getFileName().toString(),
                List.copyOf(order.subList(dev, order.size())),
                List.copyOf(order.subList(0, dev)));
    }

    private static List<TaggedSentence> embedded(String file, Tagset tagset) {
        String resource = SAMPLE + file;
        return ConlluReader.read(
                TextFiles.readResource(resource, StandardCharsets.UTF_8).lines().toList(), resource, tagset);
    }

    /** One split by name. */
    public List<TaggedSentence> split(String split) {
        return switch (split) {
            case "dev" -> dev;
            case "train" -> train;
            default ->
                throw new UsageException(
                        "--split", "unknown split '" + split + "': use dev or train (the test split is not mirrored)");
        };
    }
}
