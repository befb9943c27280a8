package org.seqtasks.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BleuTest {
    private static List<String> words(String s) {
        return Arrays.asList(s.split(" "));
    }

    @Test
    void identicalSentencesScoreOne() {
        Bleu bleu = new Bleu();
        bleu.add(
                words("a small red circle left of a large blue square"),
                List.of(words("a small red circle left of a large blue square")));
        for (int n = 1; n <= 4; n++) {
            assertEquals(1.0, bleu.score(n), 1e-12);
        }
    }

    @Test
    void clipsRepeatedWordsToTheReferenceCount() {
        // Papineni et al.'s example: 7 "the"s against references with at most 2 -> unigram precision 2/7.
        Bleu bleu = new Bleu();
        bleu.add(
                words("the the the the the the the"),
                List.of(words("the cat is on the mat"), words("there is a cat on the mat")));
        assertEquals(2.0 / 7, bleu.precision(1), 1e-12);
        assertEquals(2.0 / 7, bleu.score(1), 1e-12, "7 words, closest reference 6 -> no brevity penalty");
        assertEquals(0.0, bleu.score(2), "no bigram matches -> BLEU-2 is 0 (unsmoothed)");
    }

    @Test
    void shortHypothesesPayTheBrevityPenalty() {
        Bleu bleu = new Bleu();
        bleu.add(words("the cat"), List.of(words("the cat is on the mat")));
        assertEquals(1.0, bleu.precision(1), 1e-12);
        assertEquals(1.0, bleu.precision(2), 1e-12);
        double bp = Math.exp(1 - 6.0 / 2);
        assertEquals(bp, bleu.brevityPenalty(), 1e-12);
        assertEquals(bp, bleu.score(2), 1e-12);
        assertEquals(0.0, bleu.precision(3), "a two-word hypothesis has no trigrams");
        assertEquals(0.0, bleu.score(3));
    }

    @Test
    void sumsCountsOverTheCorpusBeforeDividing() {
        Bleu bleu = new Bleu();
        // sentence 1: 4 words, unigrams 3/4 (d is wrong), bigrams 2/3 (a b, b c), trigrams 1/2, 4-grams 0/1
        bleu.add(words("a b c d"), List.of(words("a b c e")));
        // sentence 2: exact, 3 words: 3/3, 2/2, 1/1, 0 4-grams
        bleu.add(words("x y z"), List.of(words("x y z")));
        assertEquals(6.0 / 7, bleu.precision(1), 1e-12);
        assertEquals(4.0 / 5, bleu.precision(2), 1e-12);
        assertEquals(2.0 / 3, bleu.precision(3), 1e-12);
        assertEquals(0.0, bleu.precision(4), 1e-12);
        assertEquals(Math.sqrt(6.0 / 7 * 4.0 / 5), bleu.score(2), 1e-12);
        assertEquals(Math.cbrt(6.0 / 7 * 4.0 / 5 * 2.0 / 3), bleu.score(3), 1e-12);
        assertEquals(0.0, bleu.score(4));
        assertEquals(1.0, bleu.brevityPenalty(), 1e-12);

        Bleu half = new Bleu();
        half.add(words("a b c d"), List.of(words("a b c e")));
        Bleu other = new Bleu();
        other.add(words("x y z"), List.of(words("x y z")));
        half.addAll(other);
        assertEquals(bleu.score(3), half.score(3), 1e-12);
    }

    @Test
    void effectiveReferenceLengthIsTheClosestShorterOnATie() {
        Bleu bleu = new Bleu();
        // hypothesis of 4 words; references of 3 and 5 words are equally close -> r = 3, so no penalty
        bleu.add(words("a b c d"), List.of(words("a b c d e"), words("a b c")));
        assertEquals(3, bleu.referenceLength());
        assertEquals(1.0, bleu.brevityPenalty(), 1e-12);
        Bleu shorter = new Bleu();
        shorter.add(words("a b"), List.of(words("a b c d e"), words("a b c")));
        assertEquals(Math.exp(1 - 3.0 / 2), shorter.brevityPenalty(), 1e-12);
    }

    @Test
    void emptyCorpusAndBadArguments() {
        Bleu bleu = new Bleu();
        assertEquals(0.0, bleu.score(4));
        bleu.add(List.of(), List.of(words("a b")));
        assertEquals(0.0, bleu.score(1), "an empty hypothesis scores 0");
        assertThrows(IllegalArgumentException.class, () -> bleu.score(5));
        assertThrows(IllegalArgumentException.class, () -> bleu.add(words("a"), List.of()));
    }
}
