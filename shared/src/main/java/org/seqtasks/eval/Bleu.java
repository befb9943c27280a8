package org.seqtasks.eval;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Corpus-level BLEU (Papineni et al., 2002), accumulated one hypothesis at a time.
 *
 * <p>Corpus-level means the n-gram counts of all sentences are summed before any ratio is taken: the
 * modified precision {@code p_n} is the total of clipped matches over the total of hypothesis n-grams, and
 * the brevity penalty compares the total hypothesis length {@code c} with the total effective reference
 * length {@code r} (for each sentence, the reference length closest to the hypothesis, the shorter on a
 * tie). BLEU-N is {@code BP * exp(sum_{n<=N} log(p_n) / N)} with {@code BP = min(1, exp(1 - r/c))}. No
 * smoothing: if any order up to N has no match, BLEU-N is 0, as in the paper and in multi-bleu.
 */
public final class Bleu {
    public static final int MAX_ORDER = 4;

    private final long[] matches = new long[MAX_ORDER];
    private final long[] totals = new long[MAX_ORDER];
    private long hypothesisLength;
    private long referenceLength;
    private long sentences;

    /** Adds one hypothesis and its references (at least one). */
    public void add(List<String> hypothesis, List<List<String>> references) {
        if (references.isEmpty()) {
            throw new IllegalArgumentException("BLEU needs at least one reference per hypothesis");
        }
        sentences++;
        hypothesisLength += hypothesis.size();
        referenceLength += closestLength(hypothesis.size(), references);
        for (int n = 1; n <= MAX_ORDER; n++) {
            Map<List<String>, Integer> counts = ngrams(hypothesis, n);
            // A hypothesis n-gram counts at most as often as it occurs in any single reference (clipping),
            // so "the the the" earns no credit beyond the reference's own "the"s.
            Map<List<String>, Integer> maxInReference = new HashMap<>();
            for (List<String> reference : references) {
                ngrams(reference, n).forEach((gram, count) -> maxInReference.merge(gram, count, Math::max));
            }
            for (var e : counts.entrySet()) {
                matches[n - 1] += Math.min(e.getValue(), maxInReference.getOrDefault(e.getKey(), 0));
                totals[n - 1] += e.getValue();
            }
        }
    }

    /** Adds another accumulator's counts (e.g. to combine subsets). */
    public void addAll(Bleu other) {
        for (int i = 0; i < MAX_ORDER; i++) {
            matches[i] += other.matches[i];
            totals[i] += other.totals[i];
        }
        hypothesisLength += other.hypothesisLength;
        referenceLength += other.referenceLength;
        sentences += other.sentences;
    }

    /** BLEU-{@code order} (1 to 4) over everything added; 0 when nothing was added. */
    public double score(int order) {
        if (order < 1 || order > MAX_ORDER) {
            throw new IllegalArgumentException("BLEU order must be 1.." + MAX_ORDER + ", got " + order);
        }
        double logSum = 0;
        for (int n = 1; n <= order; n++) {
            if (matches[n - 1] == 0) {
                return 0.0;
            }
            logSum += Math.log(precision(n));
        }
        return brevityPenalty() * Math.exp(logSum / order);
    }

    /** The modified (clipped) n-gram precision {@code p_n}; 0 when the hypotheses have no n-grams of that order. */
    public double precision(int n) {
        return totals[n - 1] == 0 ? 0.0 : matches[n - 1] / (double) totals[n - 1];
    }

    /** {@code exp(1 - r/c)} when the hypotheses are shorter than the references in total, else 1. */
    public double brevityPenalty() {
        if (hypothesisLength == 0) {
            return 0.0;
        }
        return hypothesisLength >= referenceLength ? 1.0 : Math.exp(1.0 - referenceLength / (double) hypothesisLength);
    }

    public long sentences() {
        return sentences;
    }

    public long hypothesisLength() {
        return hypothesisLength;
    }

    public long referenceLength() {
        return referenceLength;
    }

    private static int closestLength(int length, List<List<String>> references) {
        int best = references.get(0).size();
        for (List<String> reference : references) {
            int d = Math.abs(reference.size() - length);
            int bestD = Math.abs(best - length);
            if (d < bestD || (d == bestD && reference.size() < best)) {
                best = reference.size();
            }
        }
        return best;
    }

    private static Map<List<String>, Integer> ngrams(List<String> tokens, int n) {
        Map<List<String>, Integer> counts = new HashMap<>();
        for (int i = 0; i + n <= tokens.size(); i++) {
            counts.merge(List.copyOf(tokens.subList(i, i + n)), 1, Integer::sum);
        }
        return counts;
    }
}
