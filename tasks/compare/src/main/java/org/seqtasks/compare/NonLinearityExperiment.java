package org.seqtasks.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Experiment 4, why non-linear: the same two-layer SimpleRnn with the identity and with tanh. First the
 * algebra, measured: the identity stack equals one affine map of its input sequence ({@link LinearCollapse}),
 * the tanh stack does not. Then the consequence: both trained on {@link XorTask} with equal budgets.
 */
public final class NonLinearityExperiment {
    private NonLinearityExperiment() {}

    public record Setup(
            int layers,
            int hidden,
            int collapseSteps,
            int xorLength,
            int iterations,
            int batch,
            double learningRate,
            int testSize) {}

    /** One activation's figures; {@code lossCurve[i]} is the training loss after {@code curveIterations[i]} minibatches. */
    public record Arm(
            String activation,
            double affineError,
            double superpositionError,
            double xorAccuracy,
            double[] curveIterations,
            double[] lossCurve) {}

    public record Result(Setup setup, List<Arm> arms) {
        public String reading() {
            Arm identity = arms.get(0);
            Arm tanh = arms.get(1);
            int inputs = 2;
            return Readings.f(
                    "With the identity activation the %d-layer network's outputs at all %d steps equal one affine map c + Mx of"
                            + " the %d input values to within %.1e (relative), and superposition f(a+b) = f(a) + f(b) - f(0) holds to"
                            + " %.1e: %d stacked recurrent layers are one matrix. With tanh the same check misses by %.2g (superposition"
                            + " by %.2g): the network is not linear. Trained for %d minibatches on the XOR of the first and last of %d"
                            + " bits (chance 50%%), the identity network reaches %s and the tanh network %s%s.",
                    setup.layers(),
                    setup.collapseSteps(),
                    inputs * setup.collapseSteps(),
                    identity.affineError(),
                    identity.superpositionError(),
                    setup.layers(),
                    tanh.affineError(),
                    tanh.superpositionError(),
                    setup.iterations(),
                    setup.xorLength(),
                    Readings.percent(identity.xorAccuracy()),
                    Readings.percent(tanh.xorAccuracy()),
                    identity.xorAccuracy() < 0.6 && tanh.xorAccuracy() > identity.xorAccuracy() + 0.1
                            ? ": no weights make a linear map compute XOR, while tanh lets the hidden units carve the space"
                            : tanh.xorAccuracy() <= identity.xorAccuracy() + 0.1
                                    ? "; with this little training the tanh network has not learned XOR yet either (the --full mode trains longer)"
                                    : "");
        }
    }

    /**
     * Adds one job per activation to {@code lanes} ({@code plannedSeconds} for both together); the result can be
     * read once they have run.
     */
    static Supplier<Result> plan(Setup setup, long seed, double plannedSeconds, Progress progress, SideBySide lanes) {
        List<SideBySide.Pending<Arm>> arms = new ArrayList<>();
        Activation[] activations = {Activation.IDENTITY, Activation.TANH};
        for (Activation activation : activations) {
            double seconds = plannedSeconds / activations.length;
            String what = "non-linearity experiment, " + name(activation);
            arms.add(lanes.add(seconds, progress.step(what, seconds, () -> arm(setup, activation, seed))));
        }
        return () ->
                new Result(setup, arms.stream().map(SideBySide.Pending::get).toList());
    }

    private static String name(Activation activation) {
        return activation == Activation.IDENTITY ? "identity" : "tanh";
    }

    private static Arm arm(Setup setup, Activation activation, long seed) {
        String name = name(activation);
        MultiLayerNetwork probe = LinearCollapse.stackedRnn(
                activation,
                2,
                setup.hidden(),
                setup.layers(),
                2,
                LossFunctions.LossFunction.MSE,
                Activation.IDENTITY,
                setup.learningRate(),
                seed);
        LinearCollapse collapse = new LinearCollapse(probe, 2, setup.collapseSteps());
        double affine = collapse.affineError(5, seed);
        double superposition = collapse.superpositionError(5, seed);

        MultiLayerNetwork net = LinearCollapse.stackedRnn(
                activation,
                2,
                setup.hidden(),
                setup.layers(),
                2,
                LossFunctions.LossFunction.MCXENT,
                Activation.SOFTMAX,
                setup.learningRate(),
                seed);
        XorTask task = new XorTask(setup.xorLength());
        Random random = new Random(seed);
        int every = Math.max(1, setup.iterations() / 40);
        List<double[]> curve = new ArrayList<>();
        for (int it = 1; it <= setup.iterations(); it++) {
            net.fit(task.batch(setup.batch(), random));
            if (it % every == 0 || it == setup.iterations()) {
                curve.add(new double[] {it, net.score()});
            }
        }
        DataSet test = task.batch(setup.testSize(), new Random(seed + 99));
        double accuracy = LongTermDependencyExperiment.accuracy(net, test);
        return new Arm(
                name,
                affine,
                superposition,
                accuracy,
                curve.stream().mapToDouble(p -> p[0]).toArray(),
                curve.stream().mapToDouble(p -> p[1]).toArray());
    }
}
