package org.seqtasks.sentiment;

import java.util.List;

/** One example: a tokenized sentence (or phrase) and its polarity, 0 = negative, 1 = positive. */
public record LabelledSentence(List<String> tokens, int label) {
    public static final List<String> LABELS = List.of("negative", "positive");

    public LabelledSentence {
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("empty sentence");
        }
        if (label != 0 && label != 1) {
            throw new IllegalArgumentException("label must be 0 or 1, got " + label);
        }
        tokens = List.copyOf(tokens);
    }

    public int length() {
        return tokens.size();
    }
}
