package org.seqtasks.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Greedy and beam-search decoding over any step-wise model, for many inputs at once (images to caption, sentences to translate).
 *
 * <p>The model is driven through {@link Decoder}: rows are (input, beam) pairs, input {@code i}'s beams
 * are rows {@code i*K .. i*K+K-1}. A hypothesis scores the sum of its words' log-probabilities; one that has
 * emitted {@code eos} keeps its score and its slot. Candidates are ranked by score, ties by beam then by word
 * id, so with {@code K = 1} the search makes exactly the greedy choices (the tests hold it to that).
 *
 * <p>Neither ever emits {@code bos}, nor the tokens given as {@code never} (a vocabulary's {@code <pad>}): a model gives
 * them some probability, small once trained but not zero, and an untrained or briefly trained one can rank them
 * first; {@code bos} mid-output would be fed back as a new start.
 */
public final class BeamSearch {
    /** A model that consumes one token per row and returns the next token's log-probabilities. */
    public interface Decoder {
        /** Starts a fresh sequence on {@code rows} rows (all recurrent state cleared). */
        void start(int rows);

        /** Feeds {@code tokens[row]} and returns log p(next token) per row: [rows][vocabulary]. */
        float[][] step(int[] tokens);

        /** Row {@code r}'s state becomes what row {@code parents[r]}'s was. */
        void reorder(int[] parents);
    }

    /** A decoded word sequence (without {@code bos}/{@code eos}) and whether it ended with {@code eos}. */
    public record Hypothesis(int[] tokens, double logProbability, boolean ended) {}

    private BeamSearch() {}

    /**
     * Greedy: at each step the single most probable word other than {@code bos} and {@code never}, until {@code eos} or
     * {@code maxLength} words.
     */
    public static List<Hypothesis> greedy(Decoder decoder, int inputs, int bos, int eos, int maxLength, int... never) {
        decoder.start(inputs);
        Excluded excluded = new Excluded(bos, eos, never);
        int[] previous = new int[inputs];
        Arrays.fill(previous, bos);
        List<List<Integer>> words = new ArrayList<>();
        double[] score = new double[inputs];
        boolean[] ended = new boolean[inputs];
        for (int i = 0; i < inputs; i++) {
            words.add(new ArrayList<>());
        }
        for (int step = 0; step < maxLength + 1; step++) {
            float[][] logp = decoder.step(previous);
            boolean all = true;
            for (int i = 0; i < inputs; i++) {
                if (ended[i] || words.get(i).size() == maxLength) {
                    continue;
                }
                int best = argmax(logp[i], excluded.of(logp[i].length));
                score[i] += logp[i][best];
                if (best == eos) {
                    ended[i] = true;
                } else {
                    words.get(i).add(best);
                    all = false;
                }
                previous[i] = best;
            }
            if (all) {
                break;
            }
        }
        List<Hypothesis> out = new ArrayList<>(inputs);
        for (int i = 0; i < inputs; i++) {
            out.add(new Hypothesis(
                    words.get(i).stream().mapToInt(Integer::intValue).toArray(), score[i], ended[i]));
        }
        return out;
    }

    /**
     * Beam search of width {@code k}, never expanding by {@code bos} or {@code never}; returns each input's best
     * hypothesis, preferring ones that ended.
     */
    public static List<Hypothesis> search(
            Decoder decoder, int inputs, int k, int bos, int eos, int maxLength, int... never) {
        if (k < 1) {
            throw new IllegalArgumentException("beam width must be >= 1, got " + k);
        }
        int rows = inputs * k;
        decoder.start(rows);
        Excluded excluded = new Excluded(bos, eos, never);
        int[] previous = new int[rows];
        Arrays.fill(previous, bos);
        int[][] words = new int[rows][0];
        double[] score = new double[rows];
        boolean[] ended = new boolean[rows];
        for (int i = 0; i < inputs; i++) {
            // every beam starts identical; only the first may expand, or the beam would fill with copies
            for (int b = 1; b < k; b++) {
                score[i * k + b] = Double.NEGATIVE_INFINITY;
            }
        }
        for (int step = 0; step < maxLength + 1; step++) {
            float[][] logp = decoder.step(previous);
            int[] parents = new int[rows];
            int[] chosen = new int[rows];
            int[][] nextWords = new int[rows][];
            double[] nextScore = new double[rows];
            boolean[] nextEnded = new boolean[rows];
            boolean anyOpen = false;
            for (int i = 0; i < inputs; i++) {
                List<Candidate> candidates = new ArrayList<>();
                for (int b = 0; b < k; b++) {
                    int row = i * k + b;
                    if (score[row] == Double.NEGATIVE_INFINITY) {
                        continue;
                    }
                    if (ended[row] || words[row].length == maxLength) {
                        candidates.add(new Candidate(b, -1, score[row]));
                        continue;
                    }
                    for (int w : topK(logp[row], k, excluded.of(logp[row].length))) {
                        candidates.add(new Candidate(b, w, score[row] + logp[row][w]));
                    }
                }
                candidates.sort((x, y) -> x.score != y.score
                        ? Double.compare(y.score, x.score)
                        : x.beam != y.beam ? Integer.compare(x.beam, y.beam) : Integer.compare(x.word, y.word));
                for (int b = 0; b < k; b++) {
                    int row = i * k + b;
                    if (b >= candidates.size()) {
                        parents[row] = row;
                        nextWords[row] = words[row];
                        nextScore[row] = Double.NEGATIVE_INFINITY;
                        chosen[row] = eos;
                        continue;
                    }
                    Candidate c = candidates.get(b);
                    int parent = i * k + c.beam;
                    parents[row] = parent;
                    nextScore[row] = c.score;
                    if (c.word < 0) { // a finished hypothesis carried over
                        nextWords[row] = words[parent];
                        nextEnded[row] = ended[parent];
                        chosen[row] = eos;
                    } else if (c.word == eos) {
                        nextWords[row] = words[parent];
                        nextEnded[row] = true;
                        chosen[row] = eos;
                    } else {
                        nextWords[row] = Arrays.copyOf(words[parent], words[parent].length + 1);
                        nextWords[row][words[parent].length] = c.word;
                        chosen[row] = c.word;
                        anyOpen = true;
                    }
                }
            }
            words = nextWords;
            score = nextScore;
            ended = nextEnded;
            previous = chosen;
            if (!anyOpen) {
                break;
            }
            decoder.reorder(parents);
        }
        List<Hypothesis> out = new ArrayList<>(inputs);
        for (int i = 0; i < inputs; i++) {
            int best = -1;
            for (int b = 0; b < k; b++) {
                int row = i * k + b;
                if (score[row] == Double.NEGATIVE_INFINITY) {
                    continue;
                }
                if (best < 0
                        || (ended[row] && !ended[best])
                        || (ended[row] == ended[best] && score[row] > score[best])) {
                    best = row;
                }
            }
            out.add(new Hypothesis(words[best], score[best], ended[best]));
        }
        return out;
    }

    private record Candidate(int beam, int word, double score) {}

    /** The tokens a decoder may not emit, as a flag per vocabulary id (made once the vocabulary's size is seen). */
    private static final class Excluded {
        private final int[] tokens;
        private boolean[] flags;

        Excluded(int bos, int eos, int[] never) {
            for (int t : never) {
                if (t == eos) {
                    throw new IllegalArgumentException("eos (" + eos + ") cannot be a token never to emit");
                }
            }
            tokens = Arrays.copyOf(never, never.length + 1);
            tokens[never.length] = bos;
        }

        boolean[] of(int vocabulary) {
            if (flags == null || flags.length != vocabulary) {
                flags = new boolean[vocabulary];
                for (int t : tokens) {
                    if (t >= 0 && t < vocabulary) {
                        flags[t] = true;
                    }
                }
            }
            return flags;
        }
    }

    static int argmax(float[] v) {
        return argmax(v, new boolean[v.length]);
    }

    /** The index of the largest value not {@code excluded}, lower index first on ties. */
    static int argmax(float[] v, boolean[] excluded) {
        int best = -1;
        for (int i = 0; i < v.length; i++) {
            if (!excluded[i] && (best < 0 || v[i] > v[best])) {
                best = i;
            }
        }
        if (best < 0) {
            throw new IllegalArgumentException("every token is excluded");
        }
        return best;
    }

    static int[] topK(float[] v, int k) {
        return topK(v, k, new boolean[v.length]);
    }

    /**
     * The indices of the {@code k} largest values not {@code excluded}, largest first, lower index first on ties (fewer
     * when fewer are allowed).
     */
    static int[] topK(float[] v, int k, boolean[] excluded) {
        int allowed = 0;
        for (boolean e : excluded) {
            allowed += e ? 0 : 1;
        }
        k = Math.min(k, allowed);
        int[] top = new int[k];
        Arrays.fill(top, -1);
        for (int i = 0; i < v.length; i++) {
            if (excluded[i]) {
                continue;
            }
            int pos = k;
            while (pos > 0 && (top[pos - 1] < 0 || v[i] > v[top[pos - 1]])) {
                pos--;
            }
            if (pos < k) {
                System.arraycopy(top, pos, top, pos + 1, k - pos - 1);
                top[pos] = i;
            }
        }
        return top;
    }
}
