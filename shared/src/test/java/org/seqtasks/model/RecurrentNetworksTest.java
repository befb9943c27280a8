package org.seqtasks.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecurrentNetworksTest {
    private static RnnConfig config(Cell cell, int hidden, int layers, boolean bidirectional) {
        return RnnConfig.of(cell, 1).hidden(hidden).layers(layers).bidirectional(bidirectional);
    }

    /** SimpleRnn: H(nIn+H)+H per layer; LSTM: 4H(nIn+H)+4H; output layer: nIn*nOut+nOut. */
    @ParameterizedTest
    @CsvSource({"rnn,65,256,2", "lstm,65,256,2", "rnn,5,5,1", "lstm,10,3,3"})
    void parameterCountsEqualTheFormulas(String cellName, int vocab, int hidden, int layers) {
        Cell cell = Cell.parse(cellName);
        long expected = 0;
        long nIn = vocab;
        for (int i = 0; i < layers; i++) {
            long h = hidden;
            expected += cell == Cell.RNN ? h * (nIn + h) + h : 4 * h * (nIn + h) + 4 * h;
            nIn = hidden;
        }
        expected += (long) hidden * vocab + vocab;
        assertEquals(
                expected,
                RecurrentNetworks.perStepClassifier(config(cell, hidden, layers, false), vocab, vocab)
                        .numParams());
        assertEquals(expected - ((long) hidden * vocab + vocab), sumOfLayers(cell, vocab, hidden, layers));
    }

    private static long sumOfLayers(Cell cell, int nIn, int hidden, int layers) {
        long total = 0;
        for (int i = 0; i < layers; i++) {
            total += cell.parameterCount(i == 0 ? nIn : hidden, hidden);
        }
        return total;
    }

    @Test
    void bidirectionalDoublesEachLayerAndTheWidthAbove() {
        long h = 8;
        long nIn = 4;
        long expected = 2 * (4 * h * (nIn + h) + 4 * h) // layer 1, both directions
                + 2 * (4 * h * (2 * h + h) + 4 * h) // layer 2 reads 2H
                + (2 * h * 3 + 3); // softmax over 3 classes from 2H
        assertEquals(
                expected,
                RecurrentNetworks.perStepClassifier(config(Cell.LSTM, 8, 2, true), 4, 3)
                        .numParams());
    }
}
