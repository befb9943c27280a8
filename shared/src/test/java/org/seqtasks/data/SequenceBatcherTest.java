package org.seqtasks.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;

class SequenceBatcherTest {
    private final SequenceBatcher oneHot = SequenceBatcher.oneHot(5, 3);

    @Test
    void perStepPadsToTheLongestAndMasksThePadding() {
        DataSet ds = oneHot.perStep(
                List.of(new int[] {1, 2, 3}, new int[] {4}), List.of(new int[] {0, 1, 2}, new int[] {2}));
        assertArrayEquals(new long[] {2, 5, 3}, ds.getFeatures().shape());
        assertArrayEquals(new long[] {2, 3, 3}, ds.getLabels().shape());
        assertArrayEquals(
                new float[] {1, 1, 1, 1, 0, 0}, ds.getFeaturesMaskArray().data().asFloat());
        assertArrayEquals(
                new float[] {1, 1, 1, 1, 0, 0}, ds.getLabelsMaskArray().data().asFloat());
        // one-hot: sequence 0, step 1 is id 2; sequence 1, step 0 is id 4; padding is all zeros
        assertEquals(1f, ds.getFeatures().getFloat(0, 2, 1));
        assertEquals(1f, ds.getFeatures().getFloat(1, 4, 0));
        assertEquals(
                0f,
                ds.getFeatures()
                        .get(NDArrayIndex.point(1), NDArrayIndex.all(), NDArrayIndex.point(2))
                        .sumNumber()
                        .floatValue());
        assertEquals(1f, ds.getLabels().getFloat(0, 2, 2));
        assertEquals(1f, ds.getLabels().getFloat(1, 2, 0));
    }

    @Test
    void equalLengthsNeedNoMask() {
        DataSet ds = oneHot.perStep(
                List.of(new int[] {1, 2}, new int[] {3, 4}), List.of(new int[] {0, 1}, new int[] {1, 0}));
        assertNull(ds.getFeaturesMaskArray());
        assertNull(ds.getLabelsMaskArray());
    }

    @Test
    void lastStepPutsTheLabelOnEachSequencesLastRealStep() {
        SequenceBatcher ids = SequenceBatcher.indices(10, 2);
        DataSet ds =
                ids.lastStep(List.of(new int[] {7, 8, 9, 1}, new int[] {5, 6}, new int[] {3}), new int[] {1, 0, 1});
        assertArrayEquals(new long[] {3, 1, 4}, ds.getFeatures().shape());
        assertEquals(8f, ds.getFeatures().getFloat(0, 0, 1)); // index input: the id itself
        assertArrayEquals(
                new float[] {1, 1, 1, 1, 1, 1, 0, 0, 1, 0, 0, 0},
                ds.getFeaturesMaskArray().data().asFloat());
        assertArrayEquals(
                new float[] {0, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0, 0},
                ds.getLabelsMaskArray().data().asFloat());
        assertEquals(1f, ds.getLabels().getFloat(0, 1, 3));
        assertEquals(1f, ds.getLabels().getFloat(1, 0, 1));
        assertEquals(1f, ds.getLabels().getFloat(2, 1, 0));
        assertEquals(3f, ds.getLabels().sumNumber().floatValue()); // nothing anywhere else
    }

    @Test
    void badInputIsRejected() {
        assertThrows(
                IllegalArgumentException.class, () -> oneHot.perStep(List.of(new int[] {9}), List.of(new int[] {0})));
        assertThrows(
                IllegalArgumentException.class, () -> oneHot.perStep(List.of(new int[] {1}), List.of(new int[] {7})));
        assertThrows(
                IllegalArgumentException.class,
                () -> oneHot.perStep(List.of(new int[] {1, 2}), List.of(new int[] {0})));
        assertThrows(IllegalArgumentException.class, () -> oneHot.lastStep(List.of(new int[0]), new int[] {0}));
    }
}
