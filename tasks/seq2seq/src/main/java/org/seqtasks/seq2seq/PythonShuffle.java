package org.seqtasks.seq2seq;

import java.util.Collections;
import java.util.List;

/**
 * Python's {@code random.Random(seed).shuffle(list)}, reproduced (MT19937 seeded through {@code init_by_array},
 * Fisher-Yates from the end, {@code _randbelow} by rejection on {@code getrandbits}), so the Tatoeba split here
 * is the very split of the PyTorch peer and of the tutorial's recipe: the same test sentences, not just the same
 * proportions. Only integer seeds below 2^32 (one key word), which is all the peer uses.
 */
final class PythonShuffle {
    private static final int N = 624;
    private static final int M = 397;
    private final int[] mt = new int[N];
    private int index = N;

    PythonShuffle(long seed) {
        if (seed < 0 || seed > 0xffffffffL) {
            throw new IllegalArgumentException("seed must be in 0..2^32-1, got " + seed);
        }
        initByArray(new int[] {(int) seed});
    }

    static <T> void shuffle(List<T> list, long seed) {
        PythonShuffle random = new PythonShuffle(seed);
        for (int i = list.size() - 1; i > 0; i--) {
            Collections.swap(list, i, random.below(i + 1));
        }
    }

    /** {@code _randbelow(n)}: {@code getrandbits(n.bit_length())} until the draw is below {@code n}. */
    int below(int n) {
        int bits = 32 - Integer.numberOfLeadingZeros(n);
        while (true) {
            int r = (int) (next32() >>> (32 - bits));
            if (r < n) {
                return r;
            }
        }
    }

    private void initGenrand(int s) {
        mt[0] = s;
        for (int i = 1; i < N; i++) {
            mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
        }
        index = N;
    }

    private void initByArray(int[] key) {
        initGenrand(19650218);
        int i = 1;
        int j = 0;
        for (int k = Math.max(N, key.length); k > 0; k--) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1664525)) + key[j] + j;
            i++;
            j++;
            if (i >= N) {
                mt[0] = mt[N - 1];
                i = 1;
            }
            if (j >= key.length) {
                j = 0;
            }
        }
        for (int k = N - 1; k > 0; k--) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1566083941)) - i;
            i++;
            if (i >= N) {
                mt[0] = mt[N - 1];
                i = 1;
            }
        }
        mt[0] = 0x80000000;
    }

    /** The next 32-bit output, unsigned, as a long. */
    long next32() {
        if (index >= N) {
            for (int k = 0; k < N; k++) {
                int y = (mt[k] & 0x80000000) | (mt[(k + 1) % N] & 0x7fffffff);
                mt[k] = mt[(k + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
            }
            index = 0;
        }
        int y = mt[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y & 0xffffffffL;
    }
}
