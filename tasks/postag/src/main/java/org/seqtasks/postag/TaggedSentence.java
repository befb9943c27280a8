package org.seqtasks.postag;

import java.util.Collections;
import java.util.List;

/**
 * One sentence with one tag per word, and where it came from: {@code lines[i]} is the line of word
 * {@code i} in {@code file}, so a problem found later (an unknown tag at evaluation) can still be reported
 * as {@code file:line}.
 */
public record TaggedSentence(List<String> words, List<String> tags, String file, int[] lines) {
    public TaggedSentence {
        if (words.size() != tags.size() || words.size() != lines.length) {
            throw new IllegalArgumentException(
                    words.size() + " words, " + tags.size() + " tags, " + lines.length + " line numbers");
        }
        words = List.copyOf(words);
        tags = List.copyOf(tags);
    }

    /** An untagged sentence (for {@code tag}): every tag is empty. */
    public static TaggedSentence untagged(List<String> words) {
        return new TaggedSentence(words, Collections.nCopies(words.size(), ""), "<text>", new int[words.size()]);
    }

    public int length() {
        return words.size();
    }
}
