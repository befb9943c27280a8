package org.seqtasks.model.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqtasks.model.Cell;
import org.seqtasks.model.LayerImplementation;
import org.seqtasks.model.RecurrentNetworks;
import org.seqtasks.model.RnnConfig;

/** The batch-1 stepper gives the distributions the network's own rnnTimeStep gives, step after step. */
class BatchOneRecurrenceTest {
    private static final int VOCABULARY = 11;

    @ParameterizedTest
    @CsvSource({"lstm,FAST", "lstm,STOCK", "rnn,FAST", "rnn,STOCK"})
    void equalsRnnTimeStep(String cell, LayerImplementation implementation) {
        LayerImplementation before = LayerImplementation.current();
        LayerImplementation.use(implementation);
        try {
            MultiLayerNetwork net = RecurrentNetworks.perStepClassifier(
                    RnnConfig.of(Cell.parse(cell), 5).hidden(24).layers(2), VOCABULARY, VOCABULARY);
            // Weights well away from zero, so that a wrong gate or a missing bias shows.
            net.params()
                    .addi(Nd4j.rand(net.params().dataType(), net.params().shape())
                            .subi(0.5));
            BatchOneRecurrence stepper = BatchOneRecurrence.of(net);
            net.rnnClearPreviousState();
            Random random = new Random(1);
            for (int t = 0; t < 40; t++) {
                int id = random.nextInt(VOCABULARY);
                INDArray x = Nd4j.zeros(net.params().dataType(), 1, VOCABULARY, 1);
                x.putScalar(new int[] {0, id, 0}, 1.0);
                float[] expected = net.rnnTimeStep(x).reshape(VOCABULARY).toFloatVector();
                float[] actual = stepper.next(id);
                for (int k = 0; k < VOCABULARY; k++) {
                    assertEquals(expected[k], actual[k], 1e-5, "step " + t + ", class " + k);
                }
            }
            stepper.reset();
            net.rnnClearPreviousState();
            INDArray x = Nd4j.zeros(net.params().dataType(), 1, VOCABULARY, 1);
            x.putScalar(new int[] {0, 3, 0}, 1.0);
            assertEquals(net.rnnTimeStep(x).getFloat(0, 2, 0), stepper.next(3)[2], 1e-5, "after reset");
            assertThrows(IllegalArgumentException.class, () -> stepper.next(VOCABULARY));
        } finally {
            LayerImplementation.use(before);
        }
    }

    /**
     * Rows stepped together are each the sequence a Stream steps alone: with a fixed input tail per row, dense inputs,
     * and a beam-style reorder half way (rows copied from other rows, one row twice).
     */
    @ParameterizedTest
    @CsvSource({"lstm", "rnn", "gru"})
    void rowsSteppedTogetherEqualStreamsSteppedAlone(String cell) {
        MultiLayerNetwork net = RecurrentNetworks.perStepClassifier(
                RnnConfig.of(Cell.parse(cell), 5).hidden(24).layers(2), VOCABULARY, VOCABULARY);
        net.params()
                .addi(Nd4j.rand(net.params().dataType(), net.params().shape()).subi(0.5));
        BatchOneRecurrence stepper = BatchOneRecurrence.of(net);
        int count = 4;
        int tail = 3;
        int head = VOCABULARY - tail;
        Random random = new Random(2);
        float[][] tails = new float[count][tail];
        BatchOneRecurrence.Stream[] alone = new BatchOneRecurrence.Stream[count];
        for (int r = 0; r < count; r++) {
            for (int k = 0; k < tail; k++) {
                tails[r][k] = random.nextFloat() - 0.5f;
            }
            alone[r] = stepper.stream();
            alone[r].fixInputTail(tails[r]);
        }
        BatchOneRecurrence.Rows together = stepper.rows(count);
        together.fixInputTails(tails);
        for (int t = 0; t < 6; t++) {
            if (t == 3) {
                int[] parents = {2, 0, 2, 1};
                together.reorder(parents);
                BatchOneRecurrence.Stream[] next = new BatchOneRecurrence.Stream[count];
                for (int r = 0; r < count; r++) {
                    next[r] = alone[parents[r]].copy();
                }
                alone = next;
            }
            float[] inputs = new float[count * head];
            for (int i = 0; i < inputs.length; i++) {
                inputs[i] = random.nextFloat();
            }
            float[][] actual = together.nextLogProbabilities(inputs);
            for (int r = 0; r < count; r++) {
                float[] expected = alone[r].next(Arrays.copyOfRange(inputs, r * head, (r + 1) * head));
                for (int k = 0; k < VOCABULARY; k++) {
                    assertEquals(
                            Math.log(expected[k]), actual[r][k], 1e-4, "step " + t + ", row " + r + ", class " + k);
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> together.advance(new float[head]));
    }
}
