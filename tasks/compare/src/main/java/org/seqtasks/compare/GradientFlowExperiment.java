package org.seqtasks.compare;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqtasks.model.Cell;

/**
 * Experiment 1, gradient flow through time: {@link GradientFlowProbe} on SimpleRnn and LSTM networks whose
 * recurrent matrices are scaled to spectral radius 0.2, 1 and 3, same inputs and targets for all.
 */
public final class GradientFlowExperiment {
    private GradientFlowExperiment() {}

    /** One probed network: {@code norms[d]} is the mean ||dL/dx|| at distance {@code d} from the loss. */
    public record Curve(String cell, double scale, double[] norms) {
        /** The gradient {@code distance} steps back relative to the one at the loss step. */
        public double ratio(int distance) {
            return norms[0] == 0 ? Double.NaN : norms[distance] / norms[0];
        }

        /**
         * The geometric-mean factor per step, over the farthest distance whose gradient is still above
         * zero (float underflow would make every factor 0).
         */
        public double perStep() {
            for (int d = norms.length - 1; d > 0; d--) {
                if (norms[d] > 0) {
                    return Math.pow(ratio(d), 1.0 / d);
                }
            }
            return 0;
        }
    }

    public record Result(int steps, int hidden, int inputs, int batch, List<Curve> curves) {
        public String reading() {
            int far = steps - 1;
            StringBuilder b = new StringBuilder(Readings.f(
                    "The loss sits on step %d only; every earlier input gets its gradient through the"
                            + " recurrence alone. Relative to the gradient at the loss step, %d steps back: ",
                    steps, far));
            List<String> parts = new ArrayList<>();
            for (Curve c : curves) {
                parts.add(Readings.f(
                        "%s at scale %s %s %s of it",
                        c.cell(),
                        trim(c.scale()),
                        c.ratio(far) < 1 ? "falls to" : "grows to",
                        Readings.powerOfTen(c.ratio(far))));
            }
            b.append(String.join("; ", parts)).append(". ");
            Curve rnnSmall = find("SimpleRnn", min());
            Curve lstmSmall = find("LSTM", min());
            if (rnnSmall != null && lstmSmall != null) {
                double perStepRnn = rnnSmall.perStep();
                double perStepLstm = lstmSmall.perStep();
                b.append(Readings.f(
                        "At scale %s the SimpleRnn's gradient shrinks by a factor of about %.3g per step, the product of"
                                + " Jacobians W^T diag(1 - h^2) each smaller than one; the LSTM's by %.3g per step, %s. ",
                        trim(min()),
                        perStepRnn,
                        perStepLstm,
                        perStepLstm > perStepRnn
                                ? "because its cell state is carried additively through the forget gate rather than multiplied by W at every step"
                                : "so here the LSTM does not keep the gradient better"));
            }
            Curve gruSmall = find("GRU", min());
            if (rnnSmall != null && gruSmall != null) {
                double perStepGru = gruSmall.perStep();
                b.append(Readings.f(
                        "The GRU's shrinks by %.3g per step, %s. ",
                        perStepGru,
                        perStepGru > rnnSmall.perStep()
                                ? "less than the SimpleRnn's: its new state is a blend of the old one and a candidate, h' = (1 - z) n + z h, so"
                                        + " through the update gate part of the gradient passes to the step before without a product with W"
                                : "no better than the SimpleRnn's here"));
            }
            Curve rnnLarge = find("SimpleRnn", max());
            if (rnnLarge != null && max() > 1) {
                double r = rnnLarge.ratio(far);
                b.append(
                        r > 1
                                ? Readings.f(
                                        "At scale %s the SimpleRnn gradient explodes (%s over %d steps): this is what gradient clipping is for.",
                                        trim(max()), Readings.powerOfTen(r), far)
                                : Readings.f(
                                        "At scale %s the SimpleRnn gradient does not explode here (%s over %d steps): the large weights push"
                                                + " tanh into saturation, and its derivative 1 - h^2 near zero cancels the growth of W, the other way a vanilla RNN"
                                                + " loses its gradient.",
                                        trim(max()), Readings.powerOfTen(r), far));
            }
            return b.toString();
        }

        private double min() {
            return curves.stream().mapToDouble(Curve::scale).min().orElse(Double.NaN);
        }

        private double max() {
            return curves.stream().mapToDouble(Curve::scale).max().orElse(Double.NaN);
        }

        private Curve find(String cell, double scale) {
            return curves.stream()
                    .filter(c -> c.cell().equals(cell) && c.scale() == scale)
                    .findFirst()
                    .orElse(null);
        }

        private static String trim(double v) {
            return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
        }
    }

    public static Result run(int steps, int hidden, int inputs, int batch, double[] scales, long seed) {
        int outputs = 4;
        Pair<INDArray, INDArray> data = GradientFlowProbe.randomBatch(batch, inputs, outputs, steps, seed);
        List<Curve> curves = new ArrayList<>();
        for (Cell cell : Cell.values()) {
            for (double scale : scales) {
                MultiLayerNetwork net = GradientFlowProbe.network(cell, inputs, hidden, outputs, scale, seed);
                curves.add(new Curve(
                        cell.displayName(),
                        scale,
                        GradientFlowProbe.inputGradientNorms(net, data.getFirst(), data.getSecond())));
            }
        }
        return new Result(steps, hidden, inputs, batch, curves);
    }
}
