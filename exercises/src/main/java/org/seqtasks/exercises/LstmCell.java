package org.seqtasks.exercises;

import static org.seqtasks.exercises.Steps.block;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * One LSTM step in DL4J's parameter layout: {@code W} [D, 4H], {@code RW} [H, 4H], {@code b} [1, 4H], the four gate
 * blocks in DL4J's order [g, f, o, i] (block input, forget, output, input; PyTorch's is [i, f, g, o]), so a DL4J
 * {@code LSTM}'s parameters go in unchanged.
 *
 * <pre>
 * a = x W + hPrev R + b = [a_g | a_f | a_o | a_i]
 * g = tanh(a_g)   f = sigmoid(a_f)   o = sigmoid(a_o)   i = sigmoid(a_i)
 * c = f * cPrev + i * g               h = o * tanh(c)
 * </pre>
 */
public final class LstmCell {
    private LstmCell() {}

    /** The state after a step: h and c, both [N, H]. */
    public record State(INDArray h, INDArray c) {}

    /** The gradients of one step: for x, both previous states, and W, R, b. */
    public record StepGradients(INDArray dx, INDArray dhPrev, INDArray dcPrev, INDArray dW, INDArray dR, INDArray db) {}

    private record Gates(INDArray g, INDArray f, INDArray o, INDArray i, INDArray c) {}

    private static Gates gates(INDArray x, INDArray hPrev, INDArray cPrev, INDArray W, INDArray R, INDArray b) {
        long hidden = hPrev.size(1);
        INDArray a = x.mmul(W).addi(hPrev.mmul(R)).addiRowVector(b);
        INDArray g = Transforms.tanh(block(a, 0, hidden), true);
        INDArray f = Transforms.sigmoid(block(a, 1, hidden), true);
        INDArray o = Transforms.sigmoid(block(a, 2, hidden), true);
        INDArray i = Transforms.sigmoid(block(a, 3, hidden), true);
        return new Gates(g, f, o, i, f.mul(cPrev).addi(i.mul(g)));
    }

    public static State stepForward(INDArray x, INDArray hPrev, INDArray cPrev, INDArray W, INDArray R, INDArray b) {
        Gates s = gates(x, hPrev, cPrev, W, R, b);
        return new State(s.o().mul(Transforms.tanh(s.c(), true)), s.c());
    }

    /**
     * One step backward. dh and dc are the gradients arriving at this step's h and c (dc: along the cell path, from
     * the step after). The gates are recomputed from the inputs rather than cached: a reference should be obviously
     * right before it is fast.
     */
    public static StepGradients stepBackward(
            INDArray dh, INDArray dc, INDArray x, INDArray hPrev, INDArray cPrev, INDArray W, INDArray R, INDArray b) {
        Gates s = gates(x, hPrev, cPrev, W, R, b);
        INDArray tanhC = Transforms.tanh(s.c(), true);
        // c feeds h as well as the next step's cell, so its gradient has both parts
        INDArray dcAll = dc.add(dh.mul(s.o()).muli(tanhC.mul(tanhC).rsubi(1.0)));
        INDArray daG = dcAll.mul(s.i()).muli(s.g().mul(s.g()).rsubi(1.0));
        INDArray daF = dcAll.mul(cPrev).muli(sigmoidDerivative(s.f()));
        INDArray daO = dh.mul(tanhC).muli(sigmoidDerivative(s.o()));
        INDArray daI = dcAll.mul(s.g()).muli(sigmoidDerivative(s.i()));
        INDArray da = Nd4j.hstack(daG, daF, daO, daI);
        return new StepGradients(
                da.mmul(W.transpose()),
                da.mmul(R.transpose()),
                dcAll.mul(s.f()),
                x.transpose().mmul(da),
                hPrev.transpose().mmul(da),
                da.sum(true, 0));
    }

    private static INDArray sigmoidDerivative(INDArray sigma) {
        return sigma.mul(sigma.rsub(1.0));
    }
}
