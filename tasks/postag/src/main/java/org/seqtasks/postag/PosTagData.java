package org.seqtasks.postag;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.seqtasks.data.DatasetResolver;
import org.seqtasks.data.SeqtasksException;
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
            List<TaggedSentence> dev = devInput != null ? ConlluReader.read(devInput, tagset) : train;
            return new PosTagData(input.getFileName().toString(), train, dev);
        }
        String name = dataset == null ? "default" : dataset;
        return switch (name) {
            case "default" -> new PosTagData(name, embedded("train.conllu", tagset), embedded("dev.conllu", tagset));
            case "ud-english-ewt", "ewt" -> {
                DatasetResolver r = DatasetResolver.standard(dataDir);
                yield new PosTagData("ud-english-ewt", ConlluReader.read(r.file("ud-english-ewt", "en_ewt-ud-train.conllu.gz"), tagset),
                        ConlluReader.read(r.file("ud-english-ewt", "en_ewt-ud-dev.conllu.gz"), tagset));
            }
            default -> throw new org.seqtasks.cli.UsageException("--dataset", "postag has no dataset '" + name + "': use default, ud-english-ewt, or --input FILE");
        };
    }

    private static List<TaggedSentence> embedded(String file, Tagset tagset) {
        String resource = SAMPLE + file;
        return ConlluReader.read(TextFiles.readResource(resource, StandardCharsets.UTF_8).lines().toList(), resource, tagset);
    }

    /** One split by name. */
    public List<TaggedSentence> split(String split) {
        return switch (split) {
            case "dev" -> dev;
            case "train" -> train;
            default -> throw new org.seqtasks.cli.UsageException("--split", "unknown split '" + split + "': use dev or train (the test split is not mirrored)");
        };
    }
}
