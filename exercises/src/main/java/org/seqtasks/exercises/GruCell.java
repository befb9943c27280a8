package org.seqtasks.exercises;

import static org.seqtasks.exercises.Steps.block;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * One GRU step, the "reset after" variant of PyTorch, cuDNN and the project's {@code org.seqtasks.model.layers.Gru}
 * (whose parameters go in unchanged): {@code W} [D, 3H], {@code RW} [H, 3H], {@code b} [1, 3H] and {@code RB} [1, H],
 * gate blocks [r, z, n].
 *
 * <pre>
 * a = x W + b   u = hPrev R
 * r = sigmoid(a_r + u_r)   z = sigmoid(a_z + u_z)   n = tanh(a_n + r * (u_n + RB))
 * h = (1 - z) * n + z * hPrev
 * </pre>
 *
 * RB cannot be merged into b: it sits inside the reset gate's product.
 */
public final class GruCell {
    private GruCell() {}

    public static INDArray stepForward(INDArray x, INDArray hPrev, INDArray W, INDArray R, INDArray b, INDArray RB) {
        long hidden = hPrev.size(1);
        INDArray a = x.mmul(W).addiRowVector(b), u = hPrev.mmul(R);
        INDArray r = Transforms.sigmoid(block(a, 0, hidden).add(block(u, 0, hidden)), false);
        INDArray z = Transforms.sigmoid(block(a, 1, hidden).add(block(u, 1, hidden)), false);
        INDArray n = Transforms.tanh(
                block(a, 2, hidden).add(r.mul(block(u, 2, hidden).addRowVector(RB))), false);
        return z.rsub(1.0).muli(n).addi(z.mul(hPrev));
    }
}
