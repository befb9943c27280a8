package org.seqtasks.data;

import java.util.Random;

/**
 * Teaches a model what to do with a word it has never seen: during training each word is replaced by
 * {@code <unk>} with probability {@code alpha / (alpha + count)} (Kiperwasser and Goldberg 2016), so a
 * word seen once is hidden a fifth of the time at alpha 0.25 and a frequent word almost never. The
 * {@code <unk>} embedding then learns "a rare word", and whatever else the model reads about the word (its
 * spelling channels in a tagger, the context in a classifier) learns to carry the decision alone: exactly
 * the situation of an out-of-vocabulary word at test time. It also keeps a rare word's embedding from
 * memorising the few training labels it came with.
 */
public final class WordDropout {
    private final double[] probability; // by word id
    private final int unknownId;
    private final Random random;

    /**
     * @param trainTokens every token of the training data, in the vocabulary's form (lower-cased or
     *                    otherwise normalised as the vocabulary was built), counted once per occurrence
     */
    public WordDropout(Iterable<String> trainTokens, Vocabulary vocabulary, double alpha, long seed) {
        if (alpha <= 0) {
            throw new IllegalArgumentException("alpha must be > 0, got " + alpha);
        }
        int[] counts = new int[vocabulary.size()];
        for (String token : trainTokens) {
            counts[vocabulary.id(token)]++;
        }
        probability = new double[counts.length];
        for (int id = 0; id < counts.length; id++) {
            probability[id] = counts[id] == 0 ? 0 : alpha / (alpha + counts[id]);
        }
        unknownId = vocabulary.unknownId();
        random = new Random(seed);
    }

    /** Drops words of one sentence in place (a batch builder calls it on a fresh copy of the ids). */
    public void apply(int[] wordIds) {
        for (int t = 0; t < wordIds.length; t++) {
            if (random.nextDouble() < probability[wordIds[t]]) {
                wordIds[t] = unknownId;
            }
        }
    }

    public double probability(int wordId) {
        return probability[wordId];
    }
}
