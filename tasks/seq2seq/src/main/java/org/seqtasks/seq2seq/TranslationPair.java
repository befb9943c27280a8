package org.seqtasks.seq2seq;

import java.util.List;

/**
 * One source sentence and its translation, as tokens (words, or single characters for the dates task).
 * {@code kind} names how the source was written (a date format such as {@code "d/m/yy"}), so scores can
 * be broken down by it; null when the data has no such notion.
 */
public record TranslationPair(List<String> source, List<String> target, String kind) {
    public TranslationPair {
        source = List.copyOf(source);
        target = List.copyOf(target);
    }

    /** Words of the source as written (characters joined back for a character-level pair). */
    public int sourceWords(boolean characters) {
        if (!characters) {
            return source.size();
        }
        String text = String.join("", source).strip();
        return text.isEmpty() ? 0 : text.split("\\s+").length;
    }
}
