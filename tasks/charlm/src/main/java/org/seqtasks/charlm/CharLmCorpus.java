package org.seqtasks.charlm;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.seqtasks.UserFacingException;
import org.seqtasks.cli.UsageException;
import org.seqtasks.data.DatasetResolver;
import org.seqtasks.data.TextFiles;

/**
 * The text a character model learns from, and its split. Real corpora keep the char-rnn/nanoGPT
 * convention: the first 90% of characters train, the last 10% validate (a contiguous block, so validation
 * text is genuinely unseen, not interleaved lines). The lecture's toys ("hello", "hihello", the lab's
 * "longseq" sentence) are too short to split: they are trained and evaluated on themselves, which is what
 * the lecture does.
 *
 * @param name       what to call it in records ({@code default}, {@code hello}, a catalog name, a file name)
 * @param text       the whole corpus
 * @param toy        true for the lecture's toys (no held-out split)
 */
public record CharLmCorpus(String name, String text, boolean toy) {
    /** The embedded default: a short play written for this project (datasets/samples/charlm). */
    public static final String DEFAULT_RESOURCE = "datasets/samples/charlm/lighthouse.txt";

    public static final double TRAIN_FRACTION = 0.9;

    /** Chooses the corpus from {@code --input}, else {@code --dataset}, else the embedded default. */
    public static CharLmCorpus load(String dataset, Path input, Path dataDir) {
        if (input != null) {
            return new CharLmCorpus(
                    input.getFileName().toString(), TextFiles.read(input, StandardCharsets.UTF_8), false);
        }
        String name = dataset == null ? "default" : dataset;
        return switch (name) {
            case "default" ->
                new CharLmCorpus(name, TextFiles.readResource(DEFAULT_RESOURCE, StandardCharsets.UTF_8), false);
            case "hello" -> new CharLmCorpus(name, "hello", true);
            case "hihello" -> new CharLmCorpus(name, "hihello", true);
            case "longseq" -> new CharLmCorpus(name, CharLmLab.LONG_SENTENCE, true);
            case "tinyshakespeare" ->
                new CharLmCorpus(
                        name,
                        TextFiles.read(
                                DatasetResolver.standard(dataDir).file(name, "input.txt"), StandardCharsets.UTF_8),
                        false);
            default ->
                throw new UsageException(
                        "--dataset",
                        "charlm has no dataset '" + name
                                + "': use default, hello, hihello, longseq, tinyshakespeare, or --input FILE");
        };
    }

    /** Training text: the first 90% (the whole text for a toy). */
    public String train() {
        return toy ? text : text.substring(0, splitPoint());
    }

    /** Validation text: the last 10% (the whole text for a toy). */
    public String validation() {
        return toy ? text : text.substring(splitPoint());
    }

    private int splitPoint() {
        int cut = (int) (text.length() * TRAIN_FRACTION);
        if (cut < 2 || text.length() - cut < 2) {
            throw new UserFacingException(
                    "corpus '" + name + "' has " + text.length() + " characters: too short to split 90/10");
        }
        if (Character.isLowSurrogate(text.charAt(cut))) {
            cut--; // never split a surrogate pair
        }
        if (cut < 2 || text.length() - cut < 2) {
            throw new UserFacingException(
                    "corpus '" + name + "' has " + text.length() + " characters: too short to split 90/10");
        }
        return cut;
    }
}
