package org.seqtasks.exercises;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.seqtasks.exercises.GradientCheck.numericGradient;
import static org.seqtasks.exercises.GradientCheck.relError;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class TemporalSoftmaxLossTest {
    static final int N = 3, V = 5, T = 4;

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    static INDArray labels() {
        return Nd4j.create(new double[][] {{0, 4, 2, 1}, {3, 3, 0, 2}, {1, 0, 4, 4}});
    }

    /** Sequences of lengths 4, 2 and 3: the padding at the end of the second and third is masked. */
    static INDArray mask() {
        return Nd4j.create(new double[][] {{1, 1, 1, 1}, {1, 1, 0, 0}, {1, 1, 1, 0}});
    }

    @Test
    void gradientMatchesNumericGradient() {
        Nd4j.getRandom().setSeed(8);
        INDArray scores = Nd4j.randn(DataType.DOUBLE, N, V, T);
        var result = TemporalSoftmaxLoss.lossAndGradient(scores, labels(), mask());
        INDArray numeric = numericGradient(
                () -> TemporalSoftmaxLoss.lossAndGradient(scores, labels(), mask())
                        .loss(),
                scores);
        double error = relError(result.dScores(), numeric);
        assertTrue(error < 1e-7, "relative error " + error);
    }

    @Test
    void maskedStepsAddNothing() {
        Nd4j.getRandom().setSeed(9);
        INDArray scores = Nd4j.randn(DataType.DOUBLE, N, V, T);
        var before = TemporalSoftmaxLoss.lossAndGradient(scores, labels(), mask());
        INDArray changed = scores.dup();
        changed.putScalar(new long[] {1, 2, 3}, 50.0); // sequence 2's step 4 is padding
        var after = TemporalSoftmaxLoss.lossAndGradient(changed, labels(), mask());
        assertEquals(before.loss(), after.loss(), 1e-12);
        assertEquals(0.0, after.dScores().getDouble(1, 2, 3), 0.0);
        // and a real step does count
        changed.putScalar(new long[] {1, 2, 0}, 50.0);
        assertTrue(
                TemporalSoftmaxLoss.lossAndGradient(changed, labels(), mask()).loss() > before.loss() + 1);
    }

    /** An RnnOutputLayer whose weights are the identity outputs softmax(scores): its masked MCXENT score is ours. */
    @Test
    void lossIsDl4jsMaskedRnnOutputLayerScore() {
        var conf = new NeuralNetConfiguration.Builder()
                .dataType(DataType.DOUBLE)
                .list()
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .activation(Activation.SOFTMAX)
                        .nIn(V)
                        .nOut(V)
                        .build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.setParam("0_W", Nd4j.eye(V));
        net.setParam("0_b", Nd4j.zeros(V));
        Nd4j.getRandom().setSeed(10);
        INDArray scores = Nd4j.randn(DataType.DOUBLE, N, V, T);
        INDArray oneHot = Nd4j.zeros(N, V, T);
        INDArray labels = labels();
        for (int i = 0; i < N; i++) {
            for (int t = 0; t < T; t++) oneHot.putScalar(new long[] {i, labels.getInt(i, t), t}, 1.0);
        }
        double dl4j = net.score(new DataSet(scores, oneHot, null, mask()));
        double ours = TemporalSoftmaxLoss.lossAndGradientOneHot(scores, oneHot, mask())
                .loss();
        assertEquals(dl4j, ours, 1e-10);
    }

    @Test
    void refusesLabelsOutOfRangeAndWrongShapes() {
        INDArray scores = Nd4j.zeros(N, V, T);
        INDArray bad = labels().dup();
        bad.putScalar(0, 0, V);
        assertThrows(IllegalArgumentException.class, () -> TemporalSoftmaxLoss.lossAndGradient(scores, bad, mask()));
        assertThrows(
                IllegalArgumentException.class,
                () -> TemporalSoftmaxLoss.lossAndGradient(scores, Nd4j.zeros(N, T + 1), mask()));
    }
}
