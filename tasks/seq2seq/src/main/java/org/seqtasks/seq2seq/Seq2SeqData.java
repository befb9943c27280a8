package org.seqtasks.seq2seq;

import java.util.List;
import org.seqtasks.UserFacingException;

/**
 * A translation dataset cut into train, dev and test. {@code characters} says whether tokens are single
 * characters (joined without spaces for display) or words.
 */
public record Seq2SeqData(
        String name,
        boolean characters,
        List<TranslationPair> train,
        List<TranslationPair> dev,
        List<TranslationPair> test) {
    public enum Split {
        TRAIN,
        DEV,
        TEST;

        public static Split parse(String s) {
            for (Split split : values()) {
                if (split.name().equalsIgnoreCase(s)) {
                    return split;
                }
            }
            throw new UserFacingException("unknown split '" + s + "' (expected train, dev or test)");
        }
    }

    public List<TranslationPair> split(Split split) {
        return switch (split) {
            case TRAIN -> train;
            case DEV -> dev;
            case TEST -> test;
        };
    }

    /** Cuts {@code pairs} (already in a seeded random order) 80/10/10, as the PyTorch peer does: int(0.8 n), int(0.9 n). */
    static Seq2SeqData cut(String name, boolean characters, List<TranslationPair> pairs) {
        int n = pairs.size();
        int trainEnd = (int) (0.8 * n);
        int devEnd = (int) (0.9 * n);
        return new Seq2SeqData(
                name,
                characters,
                List.copyOf(pairs.subList(0, trainEnd)),
                List.copyOf(pairs.subList(trainEnd, devEnd)),
                List.copyOf(pairs.subList(devEnd, n)));
    }
}
