package org.seqtasks.model.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/** The vectorised gate arithmetic agrees with the plain loops, tails included, and is the same every time. */
class LanesTest {
    private static final int N = 1000 + 13; // not a multiple of any vector length: the tail runs too
    private static final float TOLERANCE = 3e-7f;

    private static float[] random(long seed, float scale) {
        Random r = new Random(seed);
        float[] a = new float[N];
        for (int i = 0; i < N; i++) {
            a[i] = (float) (r.nextGaussian() * scale);
        }
        return a;
    }

    @Test
    void runsVectorisedUnderTheTestJvm() {
        assertTrue(
                VectorSupport.vectorised(),
                "surefire adds jdk.incubator.vector; without it the fast path is not what is tested");
    }

    @Test
    void gateFunctionsMatchThePlainLoops() {
        Lanes<float[]> fast = VectorSupport.floatLanes();
        Lanes<float[]> plain = ScalarFloatLanes.INSTANCE;
        float[] x = random(1, 6);
        float[] y = random(2, 1);
        float[] b = random(3, 1);
        for (String op : new String[] {"sigmoid", "tanh"}) {
            float[] f = new float[N];
            float[] p = new float[N];
            if (op.equals("sigmoid")) {
                fast.sigmoid(x, 0, y, 0, b, 0, f, 0, N);
                plain.sigmoid(x, 0, y, 0, b, 0, p, 0, N);
            } else {
                fast.tanh(x, 0, y, 0, b, 0, f, 0, N);
                plain.tanh(x, 0, y, 0, b, 0, p, 0, N);
            }
            for (int i = 0; i < N; i++) {
                assertEquals(p[i], f[i], TOLERANCE, op + " at x = " + (x[i] + y[i] + b[i]));
            }
        }
        float[] extreme = {-200f, -90f, -30f, -1e-6f, 0f, 1e-6f, 30f, 90f, 200f};
        float[] out = new float[extreme.length];
        fast.sigmoid(extreme, 0, null, 0, null, 0, out, 0, extreme.length);
        for (int i = 0; i < extreme.length; i++) {
            assertEquals(ScalarFloatLanes.sigmoid(extreme[i]), out[i], TOLERANCE, "sigmoid(" + extreme[i] + ")");
        }
    }

    @Test
    void theSameInputGivesTheSameBitsEveryTime() {
        Lanes<float[]> fast = VectorSupport.floatLanes();
        float[] x = random(4, 4);
        float[] first = new float[N];
        fast.tanh(x, 0, null, 0, null, 0, first, 0, N);
        for (int round = 0; round < 20_000; round++) { // long enough for the JIT to compile the loop
            float[] again = new float[N];
            fast.tanh(x, 0, null, 0, null, 0, again, 0, N);
            if (round % 5000 == 0 || round == 19_999) {
                Assertions.assertArrayEquals(first, again, "round " + round);
            }
        }
    }
}
