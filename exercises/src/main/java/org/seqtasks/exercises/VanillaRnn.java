package org.seqtasks.exercises;

import static org.seqtasks.exercises.Steps.putStep;
import static org.seqtasks.exercises.Steps.step;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The vanilla RNN {@code h = tanh(x Wx + hPrev Wh + b)}: one step and a whole sequence, forward and backward. {@code
 * Wx} [D, H] and {@code Wh} [H, H] are DL4J's {@code SimpleRnn} parameters {@code W} and {@code RW} as they are (the
 * lecture's column-vector W_xh and W_hh transposed), {@code b} is its {@code b} as a [1, H] row.
 */
public final class VanillaRnn {
    private VanillaRnn() {}

    /** The gradients of one step: for its input, the previous state and the three parameters. */
    public record StepGradients(INDArray dx, INDArray dhPrev, INDArray dWx, INDArray dWh, INDArray db) {}

    /** The gradients of a sequence: dx [N, D, T], dh0 [N, H], and the parameters' summed over the steps. */
    public record SequenceGradients(INDArray dx, INDArray dh0, INDArray dWx, INDArray dWh, INDArray db) {}

    /** One step for a minibatch: x [N, D], hPrev [N, H]; returns h [N, H]. */
    public static INDArray stepForward(INDArray x, INDArray hPrev, INDArray Wx, INDArray Wh, INDArray b) {
        return Transforms.tanh(x.mmul(Wx).addi(hPrev.mmul(Wh)).addiRowVector(b));
    }

    /**
     * One step backward, given dh = dL/dh for the step's output h (which the backward pass needs anyway: tanh' = 1 -
     * h^2, so nothing but h has to be kept from the forward pass).
     */
    public static StepGradients stepBackward(
            INDArray dh, INDArray x, INDArray hPrev, INDArray h, INDArray Wx, INDArray Wh) {
        INDArray da = dh.mul(h.mul(h).rsubi(1.0));
        return new StepGradients(
                da.mmul(Wx.transpose()),
                da.mmul(Wh.transpose()),
                x.transpose().mmul(da),
                hPrev.transpose().mmul(da),
                da.sum(true, 0));
    }

    /** Every state of a sequence x [N, D, T] from h0 [N, H]: [N, H, T]. */
    public static INDArray forward(INDArray x, INDArray h0, INDArray Wx, INDArray Wh, INDArray b) {
        INDArray states = Nd4j.zeros(x.dataType(), x.size(0), Wh.size(1), x.size(2));
        INDArray h = h0;
        for (long t = 0; t < x.size(2); t++) {
            h = stepForward(step(x, t), h, Wx, Wh, b);
            putStep(states, t, h);
        }
        return states;
    }

    /**
     * Backpropagation through time: dh [N, H, T] is the gradient arriving from above at every step, states [N, H, T]
     * is {@link #forward}'s output for the same x and h0. Each step's state gradient is its own dh plus what comes
     * back from the step after it.
     */
    public static SequenceGradients backward(
            INDArray dh, INDArray x, INDArray h0, INDArray states, INDArray Wx, INDArray Wh) {
        INDArray dx = Nd4j.zerosLike(x), dWx = Nd4j.zerosLike(Wx), dWh = Nd4j.zerosLike(Wh);
        INDArray db = Nd4j.zeros(Wh.dataType(), 1, Wh.size(1));
        INDArray fromNext = Nd4j.zerosLike(h0);
        for (long t = x.size(2) - 1; t >= 0; t--) {
            INDArray hPrev = t == 0 ? h0 : step(states, t - 1);
            StepGradients g = stepBackward(step(dh, t).add(fromNext), step(x, t), hPrev, step(states, t), Wx, Wh);
            putStep(dx, t, g.dx());
            fromNext = g.dhPrev();
            dWx.addi(g.dWx());
            dWh.addi(g.dWh());
            db.addi(g.db());
        }
        return new SequenceGradients(dx, fromNext, dWx, dWh, db);
    }
}
