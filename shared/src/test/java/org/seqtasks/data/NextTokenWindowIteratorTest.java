package org.seqtasks.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

class NextTokenWindowIteratorTest {
    private static int[] corpus(int n, int vocab) {
        Random r = new Random(7);
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = r.nextInt(vocab);
        }
        return ids;
    }

    /** Decodes every (input, target) pair a full epoch serves, as corpus positions of the target. */
    private static int[] targetCoverage(NextTokenWindowIterator it, int[] ids) {
        int[] seen = new int[ids.length];
        List<int[]> spans = new ArrayList<>(it.spans());
        int served = 0;
        while (it.hasNext()) {
            DataSet ds = it.next();
            INDArray x = ds.getFeatures();
            INDArray y = ds.getLabels();
            INDArray mask = ds.getLabelsMaskArray();
            for (int b = 0; b < x.size(0); b++) {
                int start = spans.get(served++)[0];
                for (int t = 0; t < x.size(2); t++) {
                    if (mask != null && mask.getFloat(b, t) == 0f) {
                        continue;
                    }
                    // input at t must be ids[start+t], target ids[start+t+1]
                    assertEquals(1f, x.getFloat(b, ids[start + t], t));
                    assertEquals(1f, y.getFloat(b, ids[start + t + 1], t));
                    seen[start + t + 1]++;
                }
            }
        }
        assertEquals(spans.size(), served);
        return seen;
    }

    @Test
    void everyEpochPredictsEveryTokenButTheFirstExactlyOnce() {
        int[] ids = corpus(1003, 11);
        NextTokenWindowIterator it = new NextTokenWindowIterator(ids, 11, 50, 4, true, 3);
        for (int epoch = 0; epoch < 4; epoch++) {
            int[] seen = targetCoverage(it, ids);
            assertEquals(0, seen[0]);
            for (int i = 1; i < ids.length; i++) {
                assertEquals(1, seen[i], "epoch " + epoch + ", position " + i);
            }
            it.reset();
        }
    }

    @Test
    void offsetsAndOrderChangePerEpochButRepeatForASeed() {
        int[] ids = corpus(5000, 7);
        NextTokenWindowIterator a = new NextTokenWindowIterator(ids, 7, 100, 8, true, 1);
        NextTokenWindowIterator b = new NextTokenWindowIterator(ids, 7, 100, 8, true, 1);
        List<String> epochsA = new ArrayList<>();
        for (int e = 0; e < 3; e++) {
            String sa = a.spans().stream().map(s -> s[0] + ":" + s[1]).toList().toString();
            String sb = b.spans().stream().map(s -> s[0] + ":" + s[1]).toList().toString();
            assertEquals(sa, sb);
            epochsA.add(sa);
            a.reset();
            b.reset();
        }
        assertNotEquals(epochsA.get(0), epochsA.get(1));
        assertNotEquals(epochsA.get(1), epochsA.get(2));
    }

    @Test
    void sequentialModeServesTheCorpusInOrderOnAFixedGrid() {
        int[] ids = corpus(26, 5);
        NextTokenWindowIterator it = new NextTokenWindowIterator(ids, 5, 10, 2, false, 0);
        List<int[]> spans = it.spans();
        assertEquals(3, spans.size());
        assertArrayEquals(new int[] {0, 10}, spans.get(0));
        assertArrayEquals(new int[] {10, 10}, spans.get(1));
        assertArrayEquals(new int[] {20, 5}, spans.get(2));
        assertEquals(2, it.batchesPerEpoch());
        assertEquals(25, it.predictionsPerEpoch());
        int[] seen = targetCoverage(it, ids);
        int total = 0;
        for (int s : seen) {
            total += s;
        }
        assertEquals(25, total);
    }

    @Test
    void aCorpusShorterThanAWindowIsServedWhole() {
        int[] hello = {0, 1, 2, 2, 3};
        NextTokenWindowIterator it = new NextTokenWindowIterator(hello, 4, 4, 1, true, 9);
        for (int e = 0; e < 5; e++) {
            assertEquals(1, it.spans().size());
            assertArrayEquals(new int[] {0, 4}, it.spans().get(0));
            it.reset();
        }
        assertTrue(it.hasNext());
    }

    @Test
    void eachResetServesTheNextEpochAndNoneIsSkipped() {
        int[] ids = new int[500];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i % 7;
        }
        NextTokenWindowIterator served = new NextTokenWindowIterator(ids, 7, 20, 4, true, 5);
        for (int epoch = 0; epoch < 3; epoch++) {
            int batches = 0;
            while (served.hasNext()) { // the first hasNext() after a reset, on an exhausted epoch, must see the new one
                served.next();
                batches++;
            }
            assertTrue(batches > 0, "epoch " + epoch + " served nothing");
            served.reset();
            NextTokenWindowIterator planned = new NextTokenWindowIterator(ids, 7, 20, 4, true, 5);
            for (int r = 0; r <= epoch; r++) {
                planned.reset();
            }
            assertEquals(
                    planned.spans().stream().map(Arrays::toString).toList(),
                    served.spans().stream().map(Arrays::toString).toList(),
                    "epoch " + (epoch + 1) + " is the plan of epoch " + (epoch + 1));
        }
    }
}
