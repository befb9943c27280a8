package org.seqtasks.postag;

import java.util.List;
import java.util.Random;
import org.seqtasks.data.Vocabulary;

/**
 * Teaches the tagger what to do with a word it has never seen: during training each word is replaced by
 * {@code <unk>} with probability {@code alpha / (alpha + count)} (Kiperwasser and Goldberg 2016), so a
 * word seen once is hidden a fifth of the time at alpha 0.25 and a frequent word almost never. The
 * {@code <unk>} embedding then learns "a rare word", and the spelling channels, which are not dropped, learn
 * to carry the decision alone: exactly the situation of an out-of-vocabulary word at test time.
 */
final class WordDropout {
    private final double[] probability; // by word id
    private final int unknownId;
    private final Random random;

    WordDropout(List<TaggedSentence> train, Vocabulary words, double alpha, long seed) {
        if (alpha <= 0) {
            throw new IllegalArgumentException("alpha must be > 0, got " + alpha);
        }
        int[] counts = new int[words.size()];
        for (TaggedSentence s : train) {
            for (String w : s.words()) {
                counts[words.id(WordFeatures.Channel.WORD.value(w))]++;
            }
        }
        probability = new double[counts.length];
        for (int id = 0; id < counts.length; id++) {
            probability[id] = counts[id] == 0 ? 0 : alpha / (alpha + counts[id]);
        }
        unknownId = words.unknownId();
        random = new Random(seed);
    }

    /** Drops words of one sentence in place (the batch builder calls it on a fresh copy of the ids). */
    void apply(int[] wordIds) {
        for (int t = 0; t < wordIds.length; t++) {
            if (random.nextDouble() < probability[wordIds[t]]) {
                wordIds[t] = unknownId;
            }
        }
    }

    double probability(int wordId) {
        return probability[wordId];
    }
}
