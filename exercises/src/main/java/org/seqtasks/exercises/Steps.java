package org.seqtasks.exercises;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Reading and writing one time step of a [N, F, T] sequence, and one gate block of a [N, kH] matrix. */
public final class Steps {
    private Steps() {}

    /** Step t of a [N, F, T] sequence, as an [N, F] view. */
    public static INDArray step(INDArray sequence, long t) {
        return sequence.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(t));
    }

    /** Writes an [N, F] matrix into step t of a [N, F, T] sequence. */
    public static void putStep(INDArray sequence, long t, INDArray value) {
        sequence.put(new INDArrayIndex[] {NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(t)}, value);
    }

    /** Gate block k (columns kH to (k+1)H) of a [N, mH] matrix, as a view. */
    public static INDArray block(INDArray m, int k, long hidden) {
        return m.get(NDArrayIndex.all(), NDArrayIndex.interval(k * hidden, (k + 1) * hidden));
    }
}
