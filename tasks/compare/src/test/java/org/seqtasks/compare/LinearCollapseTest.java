package org.seqtasks.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class LinearCollapseTest {
    private static MultiLayerNetwork network(Activation activation) {
        return LinearCollapse.stackedRnn(
                activation, 2, 5, 2, 3, LossFunctions.LossFunction.MSE, Activation.IDENTITY, 0.01, 3);
    }

    @Test
    void twoIdentityLayersAreOneAffineMap() {
        LinearCollapse identity = new LinearCollapse(network(Activation.IDENTITY), 2, 4);
        assertTrue(identity.affineError(3, 1) < 1e-10, "identity affine error " + identity.affineError(3, 1));
        assertTrue(
                identity.superpositionError(3, 1) < 1e-10,
                "identity superposition error " + identity.superpositionError(3, 1));
        // one column per input value (2 inputs x 4 steps) plus the offset, each as long as the outputs (3 x 4 steps)
        double[][] map = identity.affineMap();
        assertEquals(2 * 4 + 1, map.length);
        assertEquals(3 * 4, map[0].length);
    }

    @Test
    void tanhLayersAreNot() {
        LinearCollapse tanh = new LinearCollapse(network(Activation.TANH), 2, 4);
        assertTrue(tanh.affineError(3, 1) > 1e-2, "tanh affine error " + tanh.affineError(3, 1));
        assertTrue(tanh.superpositionError(3, 1) > 1e-2, "tanh superposition error " + tanh.superpositionError(3, 1));
    }

    @Test
    void theMapPredictsTheOutputOnANewInput() {
        LinearCollapse identity = new LinearCollapse(network(Activation.IDENTITY), 2, 3);
        double[][] map = identity.affineMap();
        double[] x = {0.3, -1.2, 2.0, 0.5, -0.7, 1.1};
        double[] f = identity.outputs(x);
        for (int j = 0; j < f.length; j++) {
            double predicted = map[0][j];
            for (int i = 0; i < x.length; i++) {
                predicted += map[i + 1][j] * x[i];
            }
            assertEquals(f[j], predicted, 1e-10);
        }
    }
}
