package org.seqtasks.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;

class RecallTaskTest {
    @Test
    void theAnswerIsTheFirstSymbolAndTheRestAreDistractors() {
        RecallTask task = new RecallTask(4, 3, 6);
        Random random = new Random(1);
        int[] firsts = new int[4];
        for (int i = 0; i < 400; i++) {
            int[] ids = task.sequence(random);
            assertEquals(6, ids.length);
            assertTrue(ids[0] >= 0 && ids[0] < 4);
            firsts[ids[0]]++;
            for (int t = 1; t < 6; t++) {
                assertTrue(ids[t] >= 4 && ids[t] < 7, "step " + t + " holds a key: " + ids[t]);
            }
        }
        for (int count : firsts) {
            assertTrue(count > 60, "keys drawn unevenly: " + Arrays.toString(firsts)); // chance = 1/4 must be honest
        }
        assertEquals(0.25, task.chance(), 0);
    }

    @Test
    void batchPutsTheLabelOnTheLastStepOnly() {
        RecallTask task = new RecallTask(3, 2, 5);
        DataSet d = task.batch(8, new Random(2));
        assertEquals(8, d.getFeatures().size(0));
        assertEquals(5, d.getFeatures().size(1));
        assertEquals(5, d.getFeatures().size(2));
        assertEquals(3, d.getLabels().size(1));
        for (int b = 0; b < 8; b++) {
            for (int t = 0; t < 4; t++) {
                assertEquals(0, d.getLabelsMaskArray().getDouble(b, t), 0);
            }
            assertEquals(1, d.getLabelsMaskArray().getDouble(b, 4), 0);
            int first = d.getFeatures()
                    .get(NDArrayIndex.point(b), NDArrayIndex.all(), NDArrayIndex.point(0))
                    .argMax()
                    .getInt(0);
            int answer = d.getLabels()
                    .get(NDArrayIndex.point(b), NDArrayIndex.all(), NDArrayIndex.point(4))
                    .argMax()
                    .getInt(0);
            assertEquals(first, answer);
        }
    }

    @Test
    void rejectsDegenerateSettings() {
        assertThrows(IllegalArgumentException.class, () -> new RecallTask(1, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> new RecallTask(2, 0, 3));
        assertThrows(IllegalArgumentException.class, () -> new RecallTask(2, 2, 0));
    }

    @Test
    void xorLabelsAreTheXorOfFirstAndLastBit() {
        DataSet d = new XorTask(4).batch(32, new Random(5));
        for (int b = 0; b < 32; b++) {
            int first = d.getFeatures()
                    .get(NDArrayIndex.point(b), NDArrayIndex.all(), NDArrayIndex.point(0))
                    .argMax()
                    .getInt(0);
            int last = d.getFeatures()
                    .get(NDArrayIndex.point(b), NDArrayIndex.all(), NDArrayIndex.point(3))
                    .argMax()
                    .getInt(0);
            int label = d.getLabels()
                    .get(NDArrayIndex.point(b), NDArrayIndex.all(), NDArrayIndex.point(3))
                    .argMax()
                    .getInt(0);
            assertEquals(first ^ last, label);
        }
    }
}
