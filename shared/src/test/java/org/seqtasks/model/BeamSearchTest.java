package org.seqtasks.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BeamSearchTest {
    static final int BOS = 0;
    static final int EOS = 1;

    /**
     * A toy language model whose next-word distribution depends on the whole prefix (so beams must carry
     * their own state): a hash of the prefix seeds the distribution, with the row's image mixed in.
     */
    static class PrefixModel implements BeamSearch.Decoder {
        final int vocabulary;
        final int beam;
        long[] prefix;

        PrefixModel(int vocabulary, int beam) {
            this.vocabulary = vocabulary;
            this.beam = beam;
        }

        @Override
        public void start(int rows) {
            prefix = new long[rows];
            for (int r = 0; r < rows; r++) {
                prefix[r] = 1000 + r / beam; // the image of row r
            }
        }

        @Override
        public float[][] step(int[] tokens) {
            float[][] out = new float[tokens.length][vocabulary];
            for (int r = 0; r < tokens.length; r++) {
                prefix[r] = prefix[r] * 31 + tokens[r];
                Random random = new Random(prefix[r]);
                double sum = 0;
                double[] p = new double[vocabulary];
                for (int w = 0; w < vocabulary; w++) {
                    p[w] = Math.exp(3 * random.nextDouble());
                    sum += p[w];
                }
                for (int w = 0; w < vocabulary; w++) {
                    out[r][w] = (float) Math.log(p[w] / sum);
                }
                out[r][BOS] = Float.NEGATIVE_INFINITY;
            }
            return out;
        }

        @Override
        public void reorder(int[] parents) {
            long[] next = new long[parents.length];
            for (int r = 0; r < parents.length; r++) {
                next[r] = prefix[parents[r]];
            }
            prefix = next;
        }
    }

    @Test
    void beamOfOneIsGreedy() {
        List<BeamSearch.Hypothesis> greedy = BeamSearch.greedy(new PrefixModel(6, 1), 20, BOS, EOS, 8);
        List<BeamSearch.Hypothesis> beam = BeamSearch.search(new PrefixModel(6, 1), 20, 1, BOS, EOS, 8);
        for (int i = 0; i < 20; i++) {
            assertArrayEquals(greedy.get(i).tokens(), beam.get(i).tokens());
            assertEquals(greedy.get(i).logProbability(), beam.get(i).logProbability(), 1e-9);
            assertEquals(greedy.get(i).ended(), beam.get(i).ended());
        }
    }

    @Test
    void widerBeamsFindMoreProbableCaptionsAndStopAtTheLimit() {
        int images = 40;
        List<BeamSearch.Hypothesis> greedy = BeamSearch.greedy(new PrefixModel(6, 1), images, BOS, EOS, 8);
        List<BeamSearch.Hypothesis> beam = BeamSearch.search(new PrefixModel(6, 4), images, 4, BOS, EOS, 8);
        int better = 0;
        int worse = 0;
        for (int i = 0; i < images; i++) {
            assertTrue(beam.get(i).tokens().length <= 8);
            assertFalse(Arrays.stream(beam.get(i).tokens()).anyMatch(t -> t == EOS || t == BOS));
            if (beam.get(i).ended() && greedy.get(i).ended()) {
                better += beam.get(i).logProbability() > greedy.get(i).logProbability() + 1e-9 ? 1 : 0;
                worse += beam.get(i).logProbability() < greedy.get(i).logProbability() - 1e-9 ? 1 : 0;
            }
        }
        // Not a theorem (a beam can prune the greedy path and end lower), but it should be the rule.
        assertTrue(better > 0 && better > 3 * worse, "beam better on " + better + " images, worse on " + worse);
        // a model that never says eos runs to the limit
        BeamSearch.Decoder chatty = new PrefixModel(6, 2) {
            @Override
            public float[][] step(int[] tokens) {
                float[][] out = super.step(tokens);
                for (float[] row : out) {
                    row[EOS] = Float.NEGATIVE_INFINITY;
                }
                return out;
            }
        };
        BeamSearch.Hypothesis h = BeamSearch.search(chatty, 1, 2, BOS, EOS, 5).get(0);
        assertEquals(5, h.tokens().length);
        assertFalse(h.ended());
    }

    /**
     * A model that ranks the start token first, then a pad token (3), then eos: greedy and beam decoding must pass over
     * both (they used to emit {@code bos} mid-output, which the decoder then read as a new start).
     */
    @Test
    void neverEmitsTheStartTokenNorTheTokensExcluded() {
        int pad = 3;
        BeamSearch.Decoder startFirst = new BeamSearch.Decoder() {
            @Override
            public void start(int rows) {}

            @Override
            public float[][] step(int[] tokens) {
                float[][] out = new float[tokens.length][];
                for (int r = 0; r < tokens.length; r++) {
                    // bos, then pad, then word 2, then eos, then word 4
                    out[r] = new float[] {-0.1f, -3f, -1f, -0.5f, -4f};
                }
                return out;
            }

            @Override
            public void reorder(int[] parents) {}
        };
        for (BeamSearch.Hypothesis h : List.of(
                BeamSearch.greedy(startFirst, 2, BOS, EOS, 4, pad).get(0),
                BeamSearch.search(startFirst, 2, 3, BOS, EOS, 4, pad).get(0))) {
            for (int t : h.tokens()) {
                assertTrue(t != BOS && t != pad, "emitted " + Arrays.toString(h.tokens()));
            }
        }
        assertArrayEquals(
                new int[] {2, 2, 2, 2},
                BeamSearch.greedy(startFirst, 1, BOS, EOS, 4, pad).get(0).tokens(),
                "word 2 is the most probable token allowed");
        // without the pad excluded, pad is what comes after bos
        assertArrayEquals(
                new int[] {pad, pad},
                BeamSearch.greedy(startFirst, 1, BOS, EOS, 2).get(0).tokens());
    }

    @Test
    void topKIsOrderedAndStable() {
        assertArrayEquals(new int[] {2, 0, 3}, BeamSearch.topK(new float[] {0.5f, 0.1f, 0.9f, 0.5f}, 3));
        assertArrayEquals(new int[] {1}, BeamSearch.topK(new float[] {0.2f, 0.7f}, 1));
    }
}
